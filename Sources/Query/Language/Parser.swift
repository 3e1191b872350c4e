/// The query language, by hand: a lexer (`lex*`) and a recursive-descent parser (`parse*`)
/// producing an `Expr` tree with source ranges, and `Stage`s after `|`.
///
/// ```
/// statement := or ('|' stage)*
/// or        := and ('or' and)*
/// and       := unary (['and'] unary)*          juxtaposition is and
/// unary     := ('not' | '-') unary | primary
/// primary   := '(' or ')' | FIELD ':' value | 'near' '(' text ',' text ',' N ')'
///            | /regex/ | "phrase" | word
/// stage     := 'count' 'by' key | 'sort' 'by' ('figure'|'date') ['desc'|'asc']
///            | 'limit' N | 'kwic' [N] | 'figures'
/// ```
/// Precedence: not > and > or. Full-width forms are the same (：（）“” are : ( ) "").
public indirect enum Expr: Equatable, Sendable {
    case word(String, Range<Int>)
    case phrase(String, Range<Int>)
    case field(name: String, nameRange: Range<Int>, value: String, valueRange: Range<Int>)
    case regex(String, Range<Int>)
    case near(String, String, Int, Range<Int>)
    case and([Expr])
    case or([Expr])
    case not(Expr)

    /// The parse tree as indented lines, for `explain`.
    public func tree(_ indent: String = "") -> String {
        switch self {
        case .word(let w, _): return indent + "word \(w)"
        case .phrase(let p, _): return indent + "phrase \"\(p)\""
        case .field(let n, _, let v, _): return indent + "field \(n): \(v)"
        case .regex(let r, _): return indent + "regex /\(r)/"
        case .near(let a, let b, let n, _): return indent + "near(\(a), \(b), \(n))"
        case .and(let xs): return ([indent + "and"] + xs.map { $0.tree(indent + "  ") }).joined(separator: "\n")
        case .or(let xs): return ([indent + "or"] + xs.map { $0.tree(indent + "  ") }).joined(separator: "\n")
        case .not(let x): return indent + "not\n" + x.tree(indent + "  ")
        }
    }
}

public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case word(String)
        case phrase(String)
        case field(String)      // a name followed by ':'
        case regex(String)
        case lparen, rparen, pipe, comma, minus
        case end
    }
    public var kind: Kind
    public var range: Range<Int>
}

public struct Parser {
    public static let fields = ["region", "author", "title", "doc", "date", "unit", "figure"]
    public static let stageWords = ["count", "sort", "limit", "kwic", "figures"]
    static let maxDepth = 200

    let source: Source
    var tokens: [Token] = []
    var pos = 0
    var depth = 0

    public static func parse(_ text: String) throws(Diagnostic) -> (expr: Expr?, stages: [Stage], source: Source) {
        let source = Source(text)
        var p = Parser(source: source)
        p.tokens = try Parser.lex(source)
        return try p.parseStatement()
    }

    // MARK: - Lexer

    static func isSpace(_ u: UInt32) -> Bool { u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D }

    static func lex(_ src: Source) throws(Diagnostic) -> [Token] {
        let s = src.scalars
        var out: [Token] = []
        var i = 0
        while i < s.count {
            let u = s[i]
            if isSpace(u) { i += 1; continue }
            switch u {
            case 0x28: out.append(Token(kind: .lparen, range: i..<(i + 1))); i += 1
            case 0x29: out.append(Token(kind: .rparen, range: i..<(i + 1))); i += 1
            case 0x7C: out.append(Token(kind: .pipe, range: i..<(i + 1))); i += 1
            case 0x2C, 0x3001: out.append(Token(kind: .comma, range: i..<(i + 1))); i += 1
            case 0x22:
                let (t, next) = try lexQuoted(src, at: i)
                out.append(t)
                i = next
            case 0x2F:
                let (t, next) = try lexRegex(src, at: i)
                out.append(t)
                i = next
            case 0x2D where i + 1 < s.count && !isSpace(s[i + 1]) && s[i + 1] != 0x2D:
                out.append(Token(kind: .minus, range: i..<(i + 1)))
                i += 1
            default:
                let (t, next) = lexWord(src, at: i)
                out.append(t)
                i = next
                if case .field = t.kind {
                    // The value right after `field:` — a phrase, or everything up to a space,
                    // a parenthesis or a pipe (so that `figure:>=1亿元..20亿元` stays whole).
                    if i < s.count, s[i] == 0x22 {
                        let (v, n) = try lexQuoted(src, at: i)
                        out.append(v)
                        i = n
                    } else {
                        var k = i
                        while k < s.count, !isSpace(s[k]), s[k] != 0x28, s[k] != 0x29, s[k] != 0x7C { k += 1 }
                        out.append(Token(kind: .word(src.text(i..<k)), range: i..<k))
                        i = k
                    }
                }
            }
        }
        out.append(Token(kind: .end, range: s.count..<s.count))
        return out
    }

    static func lexQuoted(_ src: Source, at i: Int) throws(Diagnostic) -> (Token, Int) {
        let s = src.scalars
        var k = i + 1
        while k < s.count, s[k] != 0x22 { k += 1 }
        guard k < s.count else {
            throw Diagnostic("unterminated quote: expected a closing \" for the phrase started here", at: i..<(i + 1))
        }
        return (Token(kind: .phrase(src.text((i + 1)..<k)), range: i..<(k + 1)), k + 1)
    }

    static func lexRegex(_ src: Source, at i: Int) throws(Diagnostic) -> (Token, Int) {
        let s = src.scalars
        var k = i + 1
        while k < s.count, s[k] != 0x2F {
            if s[k] == 0x5C { k += 1 }  // \/ inside the pattern
            k += 1
        }
        guard k < s.count else {
            throw Diagnostic("unterminated regular expression: expected a closing / for the pattern started here", at: i..<(i + 1))
        }
        return (Token(kind: .regex(src.text((i + 1)..<k)), range: i..<(k + 1)), k + 1)
    }

    static func lexWord(_ src: Source, at i: Int) -> (Token, Int) {
        let s = src.scalars
        var k = i
        while k < s.count, !isSpace(s[k]), ![0x28, 0x29, 0x7C, 0x2C, 0x3001, 0x22].contains(s[k]) {
            if s[k] == 0x3A {  // ':' ends a field name
                return (Token(kind: .field(src.text(i..<k)), range: i..<(k + 1)), k + 1)
            }
            k += 1
        }
        return (Token(kind: .word(src.text(i..<k)), range: i..<k), k)
    }

    // MARK: - Parser

    var current: Token { tokens[pos] }

    mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    func isKeyword(_ t: Token, _ k: String) -> Bool {
        if case .word(let w) = t.kind { return w.lowercased() == k }
        return false
    }

    mutating func parseStatement() throws(Diagnostic) -> (expr: Expr?, stages: [Stage], source: Source) {
        var expr: Expr?
        if current.kind != .pipe && current.kind != .end {
            expr = try parseOr()
        }
        var stages: [Stage] = []
        while current.kind == .pipe {
            advance()
            stages.append(try parseStage())
        }
        switch current.kind {
        case .end: break
        case .rparen: throw Diagnostic("unbalanced ')': no '(' before it", at: current.range)
        default: throw Diagnostic("unexpected \(describe(current)): expected an operator (and, or, not) or '|'", at: current.range)
        }
        if expr == nil && stages.isEmpty { throw Diagnostic("empty query: expected a word, a \"phrase\", a field such as region:沙市区, or /regex/", at: 0..<0) }
        return (expr, stages, source)
    }

    /// `and`/`or` with nothing after them: say so at the operator, not at the end.
    mutating func operatorOperand(_ op: Token) throws(Diagnostic) {
        switch current.kind {
        case .end, .pipe, .rparen:
            if case .word(let w) = op.kind { throw Diagnostic("'\(w)' needs a term on each side", at: op.range) }
        default: break
        }
    }

    mutating func parseOr() throws(Diagnostic) -> Expr {
        var xs = [try parseAnd()]
        while isKeyword(current, "or") {
            let op = current
            advance()
            try operatorOperand(op)
            xs.append(try parseAnd())
        }
        return xs.count == 1 ? xs[0] : .or(xs)
    }

    mutating func parseAnd() throws(Diagnostic) -> Expr {
        var xs = [try parseUnary()]
        while true {
            if isKeyword(current, "and") {
                let op = current
                advance()
                try operatorOperand(op)
                xs.append(try parseUnary())
                continue
            }
            switch current.kind {
            case .end, .pipe, .rparen: return xs.count == 1 ? xs[0] : .and(xs)
            case .word where isKeyword(current, "or"): return xs.count == 1 ? xs[0] : .and(xs)
            default: xs.append(try parseUnary())
            }
        }
    }

    mutating func parseUnary() throws(Diagnostic) -> Expr {
        if isKeyword(current, "not") || current.kind == .minus {
            let at = current.range
            advance()
            if current.kind == .end || current.kind == .pipe || current.kind == .rparen {
                throw Diagnostic("'not' needs something to negate: expected a term after it", at: at)
            }
            return .not(try nested { (p: inout Parser) throws(Diagnostic) in try p.parseUnary() })
        }
        return try parsePrimary()
    }

    /// Recursion with a depth limit: 10,000 nested parentheses are an error, not a crash.
    mutating func nested(_ body: (inout Parser) throws(Diagnostic) -> Expr) throws(Diagnostic) -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            throw Diagnostic("query nested too deeply: at most \(Parser.maxDepth) levels of parentheses or 'not'", at: current.range)
        }
        return try body(&self)
    }

    mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let t = current
        switch t.kind {
        case .lparen:
            advance()
            if current.kind == .rparen { throw Diagnostic("empty parentheses: expected a query inside", at: t.range.lowerBound..<current.range.upperBound) }
            let inner = try nested { (p: inout Parser) throws(Diagnostic) in try p.parseOr() }
            guard current.kind == .rparen else {
                throw Diagnostic("unbalanced '(': expected ')' to close it", at: t.range)
            }
            advance()
            return inner
        case .phrase(let p):
            advance()
            return .phrase(p, t.range)
        case .regex(let r):
            advance()
            return .regex(r, t.range)
        case .field(let name):
            advance()
            guard case .word(let v) = current.kind, !v.isEmpty else {
                if case .phrase(let v) = current.kind {
                    let r = current.range
                    advance()
                    return .field(name: name, nameRange: t.range, value: v, valueRange: r)
                }
                throw Diagnostic("\(name): needs a value, e.g. \(Parser.example(name))", at: t.range)
            }
            let r = current.range
            advance()
            return .field(name: name, nameRange: t.range, value: v, valueRange: r)
        case .word(let w):
            let lower = w.lowercased()
            if lower == "near", tokens[pos + 1].kind == .lparen { return try parseNear() }
            if ["and", "or"].contains(lower) {
                throw Diagnostic("'\(w)' needs a term on each side", at: t.range)
            }
            advance()
            return .word(w, t.range)
        case .minus:
            return try parseUnary()
        case .rparen:
            throw Diagnostic("unbalanced ')': no '(' before it", at: t.range)
        case .pipe, .end:
            throw Diagnostic("expected a term (a word, a \"phrase\", field:value, /regex/)", at: t.range)
        case .comma:
            throw Diagnostic("unexpected ',': commas separate the arguments of near(a, b, N)", at: t.range)
        }
    }

    mutating func parseNear() throws(Diagnostic) -> Expr {
        let start = current.range.lowerBound
        advance()  // near
        advance()  // (
        func text(_ p: inout Parser) throws(Diagnostic) -> String {
            switch p.current.kind {
            case .word(let w): p.advance(); return w
            case .phrase(let w): p.advance(); return w
            default: throw Diagnostic("near(a, b, N): expected a word or \"phrase\"", at: p.current.range)
            }
        }
        let a = try text(&self)
        guard current.kind == .comma else { throw Diagnostic("near(a, b, N): expected ',' after the first text", at: current.range) }
        advance()
        let b = try text(&self)
        var distance = 10
        if current.kind == .comma {
            advance()
            guard case .word(let n) = current.kind, let v = Int(n), v >= 0, v <= 100_000 else {
                throw Diagnostic("near(a, b, N): expected a distance in characters (0 to 100000)", at: current.range)
            }
            distance = v
            advance()
        }
        guard current.kind == .rparen else { throw Diagnostic("near(a, b, N): expected ')'", at: current.range) }
        let end = current.range.upperBound
        advance()
        return .near(a, b, distance, start..<end)
    }

    mutating func parseStage() throws(Diagnostic) -> Stage {
        let t = current
        guard case .word(let w) = t.kind else {
            throw Diagnostic("expected a stage after '|': count by, sort by, limit, kwic or figures", at: t.range)
        }
        advance()
        switch w.lowercased() {
        case "count":
            try expectWord("by", after: "count")
            guard case .word(let k) = current.kind else { throw Diagnostic("count by: expected region, author, doc, unit or year", at: current.range) }
            guard let key = Stage.Key(rawValue: k.lowercased()) else {
                throw Diagnostic("count by: unknown key '\(k)'", at: current.range, hint: Parser.suggest(k, Stage.Key.allCases.map(\.rawValue)) ?? "expected region, author, doc, unit or year")
            }
            advance()
            return .countBy(key)
        case "sort":
            try expectWord("by", after: "sort")
            guard case .word(let k) = current.kind, ["figure", "date"].contains(k.lowercased()) else {
                throw Diagnostic("sort by: expected figure or date", at: current.range, hint: wordHint(["figure", "date"]))
            }
            advance()
            var descending = k.lowercased() == "figure"
            if isKeyword(current, "desc") { descending = true; advance() } else if isKeyword(current, "asc") { descending = false; advance() }
            return k.lowercased() == "figure" ? .sortByFigure(descending: descending) : .sortByDate(descending: descending)
        case "limit":
            guard case .word(let n) = current.kind, let v = Int(n), v >= 0 else {
                throw Diagnostic("limit: expected a number of results, e.g. limit 10", at: current.range)
            }
            advance()
            return .limit(v)
        case "kwic":
            if case .word(let n) = current.kind, let v = Int(n), v >= 0, v <= 1000 {
                advance()
                return .kwic(v)
            }
            return .kwic(20)
        case "figures":
            return .figures
        default:
            throw Diagnostic("unknown stage '\(w)'", at: t.range, hint: Parser.suggest(w, Parser.stageWords) ?? "expected count by, sort by, limit, kwic or figures")
        }
    }

    func wordHint(_ options: [String]) -> String? {
        if case .word(let w) = current.kind { return Parser.suggest(w, options) }
        return nil
    }

    mutating func expectWord(_ w: String, after: String) throws(Diagnostic) {
        guard isKeyword(current, w) else { throw Diagnostic("expected '\(w)' after '\(after)'", at: current.range) }
        advance()
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .word(let w): return "'\(w)'"
        case .phrase(let p): return "\"\(p)\""
        case .field(let f): return "'\(f):'"
        case .regex(let r): return "/\(r)/"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .pipe: return "'|'"
        case .comma: return "','"
        case .minus: return "'-'"
        case .end: return "end of query"
        }
    }

    static func suggest(_ word: String, _ options: [String]) -> String? {
        Suggestions.nearest(word.lowercased(), in: options).map { "did you mean '\($0)'?" }
    }

    static func example(_ field: String) -> String {
        switch field {
        case "region": return "region:沙市区"
        case "author": return "author:刘江林"
        case "title": return "title:营商环境"
        case "doc": return "doc:001"
        case "date": return "date:2022-11..2023-03"
        case "unit": return "unit:平方公里"
        case "figure": return "figure:>=1亿元"
        default: return "\(field):value"
        }
    }
}
