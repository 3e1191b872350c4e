/// Reads authors from what the segmenter set apart — bylines, closing credits, a speech's
/// speaker line and the page credits — never from the body, so that people named in the text
/// (秦军 said…, 谢清 attended…) are not authors.
///
/// Roles are kept as printed: 记者, 特约记者, 通讯员, 摄影, 作者, 讲话, 编辑, 来源. What is printed
/// before the role (驻荆州经开区, 荆州日报签约) or instead of a name ((作者系…)) is kept as the
/// affiliation, so it can be searched.
public enum AuthorExtractor {
    /// Printed role words, longest first so that 特约记者 wins over 记者.
    static let roles = ["特约通讯员", "特约记者", "见习记者", "摄影记者", "本报记者", "签约摄影师", "摄影师", "通讯员", "实习生", "记者", "责任编辑", "美术编辑", "本版编辑", "值班编辑", "编辑", "校对"]

    /// The page's editors (责任编辑:X 美术编辑:Y), credited on every article of the page.
    public static func pageEditors(_ lines: [String]) -> [Author] {
        lines.flatMap { line in tokens(line).map { t in Author(name: t.name, role: "编辑", affiliation: t.printedRole) } }
    }

    public static func authors(byline: [String], credits: [Credit], pageCredits: [String]) -> [Author] {
        authors(byline: byline, credits: credits, editors: pageEditors(pageCredits))
    }

    public static func authors(byline: [String], credits: [Credit], editors: [Author]) -> [Author] {
        var out: [Author] = []
        for line in byline { out += fromByline(line) }
        for c in credits {
            switch c.kind {
            case .photo: out += fromPhotoCredit(c.text)
            case .author:
                var aff = c.text
                for p in ["作者系", "作者为", "作者单位:", "作者单位"] where aff.hasPrefix(p) { aff.removeFirst(p.count) }
                out.append(Author(name: "", role: "作者", affiliation: aff))
            case .source:
                var src = c.text
                for p in ["据", "来源:"] where src.hasPrefix(p) { src.removeFirst(p.count) }
                out.append(Author(name: src, role: "来源"))
            }
        }
        out += editors
        // The first of each, compared by bytes: a `Set` hashed every name normalised (NFC),
        // and the text is folded already; an article has a handful.
        var unique: [Author] = []
        unique.reserveCapacity(out.count)
        for a in out where !unique.contains(where: { $0.sameBytes(a) }) { unique.append(a) }
        return unique
    }

    /// 本报讯(记者X 通讯员Y Z) · □ 通讯员 X Y · 办事处主任 喻俊峰 (a speech's speaker).
    /// Read by scalars: compared as `Character`s, each test of a Chinese byline's characters
    /// against `(` or a space went through the standard library's slow string comparison.
    static func fromByline(_ line: String) -> [Author] {
        var s = Substring(line).unicodeScalars
        if line.utf8.starts(with: "本报".utf8) {
            guard let open = s.firstIndex(where: { $0 == "(" || $0 == "（" }) else { return [] }
            s = s[s.index(after: open)...]
            if let close = s.lastIndex(where: { $0 == ")" || $0 == "）" }) { s = s[..<close] }
        }
        while let f = s.first, "□■◎◆ ".unicodeScalars.contains(f) { s = s.dropFirst() }
        if s.first == "(" || s.first == "（" { return [] }  // the speech's date line
        let parts = tokens(String(Substring(s)))
        if parts.allSatisfy({ $0.printedRole == nil }), let sp = line.unicodeScalars.lastIndex(of: " ") {
            // A speaker: the post, then the name.
            let post = line[..<sp].trimmingCharacters(" ")
            let name = String(line.unicodeScalars[line.unicodeScalars.index(after: sp)...])
            guard isName(name) else { return [] }
            return [Author(name: name, role: "讲话", affiliation: post)]
        }
        return parts.map { t in
            let role = t.printedRole.map { r in AuthorExtractor.normalRole(r) } ?? "记者"
            let aff = [t.affiliation, t.printedRole.flatMap { isRenamed($0) ? $0 : nil }].compactMap { $0 }.joined()
            return Author(name: t.name, role: role, affiliation: aff.isEmpty ? t.affiliation : aff)
        }
    }

    /// (刘艺 摄) · (本组图片:A B C 摄) · (荆州日报签约摄影师倪隆广 通讯员 王友生 摄) · 新华社记者 李安/摄
    static func fromPhotoCredit(_ text: String) -> [Author] {
        var s = text
        for p in ["本组图片:", "本组图片：", "图片:", "图片："] where s.hasPrefix(p) { s.removeFirst(p.count) }
        for suffix in ["/摄影", "摄影", "/摄", "摄"] where s.hasSuffix(suffix) {
            s.removeLast(suffix.count)
            break
        }
        return tokens(s).map { t in
            let printed = [t.affiliation, t.printedRole].compactMap { $0 }.joined()
            return Author(name: t.name, role: "摄影", affiliation: printed.isEmpty ? nil : printed)
        }
    }

    /// The role a printed one counts as, by its bytes: a `switch` over Chinese `String`s
    /// compared (and normalised) the role with each case in turn, for every byline.
    static let roleNames: [UTF8Key: String] = [
        "本报记者": "记者", "见习记者": "记者", "摄影记者": "记者",
        "特约通讯员": "通讯员",
        "签约摄影师": "摄影", "摄影师": "摄影",
        "责任编辑": "编辑", "美术编辑": "编辑", "本版编辑": "编辑", "值班编辑": "编辑", "编辑": "编辑", "校对": "编辑",
    ].reduce(into: [:]) { $0[UTF8Key($1.key)] = $1.value }

    static func normalRole(_ printed: String) -> String { roleNames[UTF8Key(printed)] ?? printed }

    /// The printed role counts as another (本报记者 as 记者), so it is kept as an affiliation.
    static func isRenamed(_ printed: String) -> Bool {
        roleNames[UTF8Key(printed)].map { !$0.utf8.elementsEqual(printed.utf8) } ?? false
    }

    struct Token {
        var name: String
        var printedRole: String?
        var affiliation: String?
    }

    /// `roles` as scalars, searched in each byline piece.
    static let roleScalars = roles.map { ($0, Array($0.unicodeScalars)) }

    /// Where `w` first occurs in `s`. By hand: with the standard library's generic
    /// `firstRange(of:)` (and `contains(_:)` for figures) a 100 MB load took 5.6–7.5 CPU-s
    /// against 4.7–5.6, interleaved runs.
    static func firstIndex(of w: [Unicode.Scalar], in s: [Unicode.Scalar]) -> Int? {
        guard !w.isEmpty, s.count >= w.count else { return nil }
        for i in 0...(s.count - w.count) where s[i] == w[0] && s[i..<(i + w.count)].elementsEqual(w) { return i }
        return nil
    }

    /// Splits `记者余海艳 通讯员吴卫东 辛素云` into names, each with the role printed before it
    /// (a name with none takes the previous one). PDF spacing splits names (`陕 璇`): a
    /// one-character piece is joined to the next piece that has no role of its own.
    static func tokens(_ s: String) -> [Token] {
        let pieces = s.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "、" || $0 == "," || $0 == "，" })
            .map { String(Substring($0)) }
        var raw: [Token] = []
        var role: String?
        var affiliation: String?
        for var p in pieces {
            p = p.trimmingCharacters(":：/")
            // The first role the piece holds, by scalars (Foundation's `range(of:)` was a tenth
            // of the loader's time on bylines).
            let scalars = Array(p.unicodeScalars)
            var found: (role: String, at: Int, length: Int)?
            for (r, rs) in roleScalars {
                if let at = Self.firstIndex(of: rs, in: scalars) { found = (r, at, rs.count); break }
            }
            if let (r, at, length) = found {
                let before = String(String.UnicodeScalarView(scalars[..<at]))
                role = r
                affiliation = before.isEmpty ? nil : before
                var rest = String(String.UnicodeScalarView(scalars[(at + length)...]))
                rest = rest.trimmingCharacters(":：/")
                if !rest.isEmpty { raw.append(Token(name: rest, printedRole: role, affiliation: affiliation)) }
            } else if !p.isEmpty {
                raw.append(Token(name: p, printedRole: role, affiliation: affiliation))
            }
        }
        var merged: [Token] = []
        var k = 0
        while k < raw.count {
            var t = raw[k]
            // Counted in scalars (names are Han; counting `Character`s broke graphemes).
            while t.name.unicodeScalars.count == 1, k + 1 < raw.count, raw[k + 1].printedRole == t.printedRole,
                  t.name.unicodeScalars.count + raw[k + 1].name.unicodeScalars.count <= 4 {
                t.name += raw[k + 1].name
                k += 1
            }
            if isName(t.name) { merged.append(t) }
            k += 1
        }
        return merged
    }

    /// A personal name as bylines print them: 2–4 Hanzi (or an agency, for 据…).
    static func isName(_ s: String) -> Bool {
        let u = s.unicodeScalars
        return (2...4).contains(u.count) && u.allSatisfy { CharacterFolding.isHan($0.value) || $0 == "·" }
    }
}

extension StringProtocol {
    /// Drops the scalars of `set` from both ends (no Foundation needed). By scalars: compared
    /// as `Character`s, each test of a Chinese character went through the standard library's
    /// slow string comparison (bylines trimmed this way had been 2% of a load). A line's
    /// `\r\n` is two scalars, and trimming `\n` leaves the `\r`.
    public func trimmingCharacters(_ set: String) -> String {
        var v = Substring(self).unicodeScalars
        let set = set.unicodeScalars
        while let f = v.first, set.contains(f) { v = v.dropFirst() }
        while let l = v.last, set.contains(l) { v = v.dropLast() }
        return String(Substring(v))
    }
}
