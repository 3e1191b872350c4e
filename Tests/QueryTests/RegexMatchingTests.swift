import Foundation
import Testing
import Query

/// Regular expressions are verified through ICU's C API on UTF-8 text transcoded by hand
/// (`ICUPattern`), not through `NSRegularExpression`: the verdict must be the one
/// `NSRegularExpression` gives on the whole text, for every kind of character the transcoder
/// handles (one to four UTF-8 bytes, surrogate pairs) and every path of the verifier — and
/// where a pattern is in `RegexAutomaton`'s subset, which decides without ICU, the same.
struct RegexMatchingTests {
    static let texts = [
        "投资14.9亿元,新建1.5万个。",           // 0: the figure
        "é café naïve 1亿元",                   // 1: two-byte characters before a match
        "𠀀𠀁营商环境𠀂 12个",                    // 2: characters outside the BMP
        "数亿元。\n第二段 3亿元",                  // 3: a match only in the second paragraph
        "aaaaaaaaaaaaaaaaab",                   // 4: backtracking
        "",                                     // 5: empty
        "Ω≈ç√ 中文 ok",                          // 6: mixed widths
        "沙市区\n党建引领,群众满意",               // 7
        "１２家 ٣٤个 12家",                        // 8: digits that \d knows and [0-9] does not
        "a\u{2028}b\rc\u{85}d x_y-z",             // 9: line terminators `.` does not match
        "价格\t100元;Ab3",                        // 10: tab, ASCII classes
    ]
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "r#\($0.offset)") }
    static let engine = QueryEngine(index: CorpusIndex(articles: articles))

    @Test(arguments: [
        "[0-9.]+亿元", "𠀁.营", "[𠀀-𠀂]+营商", "环境.\\s1", ".{2}营商", "é\\s", "naïve.1", "caf.", "√.中",
        "(a+)+b", "a{17}b", "^数", "段\\s[0-9]亿", "亿元$", "沙市.{0,3}区", "(?s)沙市.+群众", "(?<=党建)引领",
        "[^ ]+ ok", "\\p{Han}{4}", "Ω", "x?", "量子",
        // The automaton's subset (`RegexAutomaton`), against ICU's meaning of each piece.
        "[0-9]+(个|家)", "\\d+家", "\\d{2}", "[0-9]{2}家", "\\w+-", "\\W\\w", "\\s\\d", "\\S{3}元",
        "a.b", "b.c", "c.d", "[a-c]\\u2028", "\\x{20000}", "[\\x{20000}-\\x{20001}]{2}", "x_y|zz", "(?:亿|万)个",
        "[^0-9a-z ]{2}", "党建.*?满意", "a*", "(ab|a)c?", "[.]", "\\.", "[-a]b", "1{2,}", "1{1,2}家", "价格\\s1",
        "[A-Z][a-z]\\d", "é|√", "(a|b)*a(a|b){12}", "(a|b)*a(a|b){3}", "[ÀÁ-ÿ]", "营商环境𠀂", "(([^。]|x){1,40}){1,40}(营商|计算机)",
    ])
    func verdictEqualsFoundation(_ pattern: String) throws {
        let re = try NSRegularExpression(pattern: pattern)
        let expected = Self.articles.indices.filter { k in
            let t = Self.articles[k].text
            return re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
        }
        let r = try Self.engine.run("/\(pattern)/ | limit 0")
        let got = try Self.engine.run("/\(pattern)/ | limit 100").articles
        #expect(got == expected, "\(pattern)")
        #expect(r.total == expected.count, "\(pattern)")
    }

    /// Which patterns the automaton decides (`explain` says), and which are left to ICU: what
    /// the subset does not read — anchors, lookaround, properties, backreferences, possessive
    /// quantifiers, flags, set operations, word boundaries.
    @Test(arguments: [
        // A literal and a small alphabet: only the literal's occurrences are read (`LocatedRegex`).
        // (Not `[0-9.]+亿元`, whose matches come down to 11 texts, searched in the index:
        // `RegexTextsTests`.)
        ("[0-9]+\\.[0-9]+亿元", "automaton, at the literal's occurrences only"), ("\\d+亿元", "automaton, at the literal's occurrences only"),
        ("[0-9]+\\.[0-9]+(个|家)", "automaton"), ("(?:亿|万)\\d*元", "automaton"), (".亿元", "automaton"),
        ("^数", "ICU"), ("亿元$", "ICU"), ("(?<=党建)引领", "ICU"), ("\\p{Han}{4}", "ICU"), ("(a)\\1", "ICU"),
        ("a++b", "ICU"), ("(?i)ab", "ICU"), ("[[a-z]&&[^b]]", "ICU"), ("\\bx", "ICU"), ("[a b]", "ICU"),
        // In the subset, but its DFA would pass `RegexAutomaton.maxStates` (2¹³ states).
        ("(a|b)*a(a|b){12}", "ICU"),
    ])
    func verifierIsChosenBySyntax(_ pattern: String, _ verifier: String) throws {
        let plan = try Self.engine.explain("/\(pattern)/")
        #expect(plan.contains("verified by \(verifier) →"), "\(pattern): \(plan)")
    }
}

/// A pattern with a small alphabet is decided only at its literal's occurrences, found through
/// the pair positions and the index's checkpoints (every 64th position's byte offset):
/// occurrences at and around checkpoints, after characters of every UTF-8 width, inside long
/// runs of the alphabet, and articles where only a later occurrence matches — each verdict
/// against `NSRegularExpression` on the whole text.
struct LocatedRegexTests {
    static let texts: [String] = {
        var t: [String] = []
        for pad in [0, 1, 62, 63, 64, 65, 127, 128, 200] {
            t.append(String(repeating: "中", count: pad) + "共14.9亿元")          // one occurrence after `pad` Hanzi
            t.append(String(repeating: "é", count: pad) + "亿元,3亿元")          // the first has no digits; the second does
            t.append(String(repeating: "𠀀", count: pad) + "9亿元")               // four-byte characters before it
            t.append(String(repeating: "1", count: pad) + "亿元")                 // a run of the alphabet `pad` long
            t.append("亿元" + String(repeating: "党", count: pad) + "亿元")        // two occurrences, no match
        }
        t += ["", "亿元", "1亿", "亿元1亿元", "..亿元", "12亿 元", "数亿元。\n第二段 3亿元", "3亿元3亿元3亿元"]
        // Text after the occurrences, outside the alphabet: an occurrence looked for in the
        // wrong place finds no match there instead of running off the end (and being decided
        // on the whole text).
        return t.map { $0 + "。" + String(repeating: "党", count: 70) }
    }()
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "l#\($0.offset)") }
    static let engine = QueryEngine(index: CorpusIndex(articles: articles))

    /// Each decided at the literal's occurrences — or, where its matches come down to a few
    /// texts (`RegexTexts`: `[0-9.]+亿元` is 0亿元 … 9亿元, .亿元), by searching those; the
    /// variants with a repetition inside (`[0-9]+[0-9.]*亿元`) keep the occurrences' walk.
    @Test(arguments: [("[0-9.]+亿元", true), ("[0-9]亿元", true), ("\\.亿元", true), ("亿元1亿", true), ("亿元[0-9]", true), ("[0-9]+亿元3", true),
                      ("[0-9]+[0-9.]*亿元", false), ("[0-9]{3,}亿元", false), ("(14|9)\\.?[0-9]*亿元", false), ("亿元[0-9.]+亿", false),
                      ("[0-9]+\\.?[0-9]*亿元3", false), ("\\.+[0-9]*亿元", false)])
    func verdictEqualsFoundation(_ pattern: String, _ spelled: Bool) throws {
        let re = try NSRegularExpression(pattern: pattern)
        let expected = Self.articles.indices.filter { k in
            let t = Self.articles[k].text
            return re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
        }
        #expect(!expected.isEmpty, "\(pattern) matches nothing here: the comparison proves little")
        #expect(try Self.engine.run("/\(pattern)/ | limit 1000").articles == expected, "\(pattern)")
        let plan = try Self.engine.explain("/\(pattern)/")
        #expect(plan.contains(spelled ? "answered by the" : "at the literal's occurrences only"), "\(pattern): \(plan)")
    }

    /// Patterns whose matches may hold most Hanzi are decided on the text, as before.
    @Test(arguments: [".{2}亿元", "[^。]+亿元", "\\w+亿元"])
    func wideAlphabetsReadTheText(_ pattern: String) throws {
        #expect(!(try Self.engine.explain("/\(pattern)/").contains("at the literal's occurrences only")), "\(pattern)")
    }
}
