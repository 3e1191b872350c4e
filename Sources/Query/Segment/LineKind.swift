/// What a line of a newspaper page or speech is, judged from the line alone. Context (what
/// comes before and after) is the segmenter's business; see `Segmenter`.
public enum LineKind: Sendable, Equatable {
    /// Page furniture: editor credits, 编者按, QR blurbs, series numbers, page dates, stray
    /// glyphs and section labels. Belongs to no article.
    case furniture(Furniture)
    /// Short, no sentence punctuation: a headline, a sub-heading, a column label or a kicker.
    case heading
    /// `——` subtitle under a headline.
    case subtitle
    /// A byline. `bodyFrom` is where body text starts on the same line (本报讯(…)近日,…), or nil.
    case byline(bodyFrom: Int?)
    /// A speech's speaker under its title (办事处主任 喻俊峰), or the speech's date line.
    case speaker
    /// A closing credit on a line of its own: (作者系…), (X 摄), (据新华社), (本组图片:…).
    case credit(CreditKind)
    /// (上接 01 版): what follows continues an article from another page.
    case continuation
    /// A numbered photo caption (①…).
    case caption
    /// Body text. `creditFrom` is where a trailing closing credit starts on the same line.
    case body(creditFrom: Int?, creditKind: CreditKind?)

    public enum Furniture: String, Sendable {
        case pageCredit, editorsNote, qrCode, seriesNumber, pageDate, noise, sectionLabel, jumpLine
    }
}

public enum CreditKind: String, Sendable {
    case author = "author"      // (作者系…)
    case photo = "photo"        // (X 摄)
    case source = "source"      // (据新华社)
}

/// Classifies folded lines. Pure functions of one line's scalars; O(length). Works on scalar
/// arrays, not `String`: Foundation's `String.contains` cost 40% of loading time.
public enum LineClassifier {
    static let columnLabelSuffixes = ["进行时", "之窗", "核心价值观", "专栏", "在行动", "面对面", "大家谈", "看变化", "系列报道", "共同缔造"]
    static let sectionLabelSuffixes = ["简讯", "短讯", "要闻", "快讯", "动态", "速览"]
    static let speakerRoles = ["主任", "书记", "区长", "市长", "县长", "镇长", "乡长", "局长", "主席", "部长", "委员", "经理", "董事长", "处长", "科长", "厅长", "省长", "校长", "院长", "所长", "主委", "社长", "总编辑", "组长", "队长", "代表"]
    static let bylineStarts = ["本报记者", "记者", "通讯员", "特约记者", "特约通讯员", "见习记者"]
    static let pageCreditStarts = ["责任编辑", "美术编辑", "版式设计", "校对:", "本版编辑", "值班编辑"]

    public static func classify(_ line: FoldedLine) -> LineKind {
        let s = line.scalars
        let n = s.count

        // Stray glyphs from decorative headlines (真 / 造) and lone punctuation.
        if n <= 2 || !s.contains(where: { CharacterFolding.isHan($0) || CharacterFolding.isASCIIAlnum($0) }) {
            return .furniture(.noise)
        }
        // Short and without a sentence: a long line that starts so is text, and is kept.
        if n < 60, !s.contains(0x3002), pageCreditStarts.contains(where: { s.hasPrefix($0) }) || (n < 40 && s.contains("编辑:")) {
            return .furniture(.pageCredit)
        }
        if s.hasPrefix("编者按") { return .furniture(.editorsNote) }
        if n < 80, s.contains("二维码"), !s.contains(0x3002) { return .furniture(.qrCode) }
        if n < 30, s.contains(0x2116) { return .furniture(.seriesNumber) }  // №
        if isPageDate(s) { return .furniture(.pageDate) }
        if n <= 8, sectionLabelSuffixes.contains(where: { s.hasSuffix($0) }) { return .furniture(.sectionLabel) }
        if s.hasPrefix("(下转") || (s.hasPrefix("(转") && s.hasSuffix("版)")) { return .furniture(.jumpLine) }
        if n < 16, s.hasPrefix("(上接") { return .continuation }

        if let first = s.first, first >= 0x2460, first <= 0x2473 { return .caption }  // ①…⑳

        if s.hasPrefix("本报") {
            if let xun = s.prefix(10).firstIndex(of: 0x8BAF) {  // 讯
                var end = xun + 1
                if end < n, s[end] == 0x28 {  // (
                    if let close = s[end...].firstIndex(of: 0x29) { end = close + 1 } else { end = n }
                }
                while end < n, s[end] == CharacterFolding.space || s[end] == 0x3A { end += 1 }
                return .byline(bodyFrom: end < n ? end : nil)
            }
        }
        if n < 60, !s.contains(0x3002), let f = s.first, f == 0x25A1 || f == 0x25A0 || f == 0x25CE || f == 0x25C6 {  // □ ■ ◎ ◆
            return .byline(bodyFrom: nil)
        }
        if n < 40, !s.contains(0x3002), !s.contains(0x2C), bylineStarts.contains(where: { s.hasPrefix($0) }),
           s.contains(CharacterFolding.space) || n <= 8
        {
            return .byline(bodyFrom: nil)
        }

        // A whole-line parenthetical (its closing bracket last, or lost); never one that text
        // follows — that line is body, and is kept.
        let close = s.firstIndex(of: 0x29)
        if s[0] == 0x28, close == n - 1 || (close == nil && n <= 40 && !s.contains(0x3002)) {
            let inner = s.last == 0x29 ? s[1..<(n - 1)] : s[1...]
            if let kind = creditKind(inner) { return .credit(kind) }
        }
        if n < 30, s[0] != 0x28, s.hasSuffix("/摄") || s.hasSuffix("/ 摄") { return .credit(.photo) }
        if isSpeechDate(s) || isSpeaker(s) { return .speaker }

        // ——subtitle: short and without a sentence; a paragraph that starts with a dash is body.
        if s.hasPrefix("—") || s.hasPrefix("--"), n <= 64, !s.contains(0x3002) { return .subtitle }

        // A trailing credit on a body line: …。(作者系…) / …活动。(刘艺 摄) / …。(据新华社)
        if s.last == 0x29, let open = s.lastIndex(of: 0x28), open > 0, let kind = creditKind(s[(open + 1)..<(n - 1)]) {
            return .body(creditFrom: open, creditKind: kind)
        }
        // …(作者系… with its bracket lost at the end of the line; never one that text follows.
        if let open = s.lastRange(of: "(作者系"), open > 0, n - open <= 40, !s[open...].contains(0x29), !s[open...].contains(0x3002) {
            return .body(creditFrom: open, creditKind: .author)
        }

        if isHeadingShaped(s) { return .heading }
        return .body(creditFrom: nil, creditKind: nil)
    }

    /// Short, with no sentence punctuation inside or at the end.
    static func isHeadingShaped(_ s: [UInt32]) -> Bool {
        let n = s.count
        guard n >= 3, n <= 64, let last = s.last else { return false }
        if s.contains(where: { $0 == 0x3002 || $0 == 0x2C || $0 == 0x3B || $0 == 0x2026 }) { return false }  // 。 , ; …
        switch last {
        case 0x2C, 0x3001, 0x3A, 0x3B, 0x3002, 0x28, 0x300A, 0x201C: return false  // , 、 : ; 。 ( 《
        default: break
        }
        // A heading is mostly words: at least half Hanzi.
        let han = s.reduce(0) { $0 + (CharacterFolding.isHan($1) ? 1 : 0) }
        return han * 2 >= n
    }

    /// The content of a closing parenthetical, if it is a credit.
    public static func creditKind(_ inner: ArraySlice<UInt32>) -> CreditKind? {
        var t = inner
        while t.first == CharacterFolding.space { t = t.dropFirst() }
        while t.last == CharacterFolding.space { t = t.dropLast() }
        let n = t.count
        if t.hasPrefix("作者系") || t.hasPrefix("作者为") || t.hasPrefix("作者单位") { return .author }
        if n <= 12, t.hasPrefix("据"), !t.contains(0x2C) { return .source }
        if n <= 20, t.hasPrefix("来源:") { return .source }
        if t.hasPrefix("本组图片") || t.hasPrefix("图片:") { return .photo }
        if n <= 40, t.hasSuffix("摄") || t.hasSuffix("摄影") {
            // "(2022年6月21日摄)" is a caption's date, not a credit.
            if let f = t.first, f >= 0x30, f <= 0x39 { return nil }
            return .photo
        }
        return nil
    }

    /// 2022年9月 / 2022年9月1日 on a line of its own.
    static func isPageDate(_ s: [UInt32]) -> Bool {
        guard s.count <= 16, s.count >= 7, s[4] == 0x5E74 else { return false }  // 年
        guard s[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return s.contains(0x6708) && !s.contains(0x28) && !s.contains(0x2C)  // 月
    }

    /// (2022年6月30日) under a speech's title.
    static func isSpeechDate(_ s: [UInt32]) -> Bool {
        guard s.count <= 16, s.first == 0x28, s.last == 0x29 else { return false }
        return s.contains(0x5E74) && s.contains(0x6708) && s.contains(0x65E5)
    }

    /// `办事处主任 喻俊峰`: a post ending in a role word, a space, a 2–4 Hanzi name.
    static func isSpeaker(_ s: [UInt32]) -> Bool {
        guard s.count <= 26, let sp = s.lastIndex(of: CharacterFolding.space) else { return false }
        let name = s[(sp + 1)...]
        guard (2...4).contains(name.count), name.allSatisfy(CharacterFolding.isHan) else { return false }
        var post = s[..<sp]
        while post.last == CharacterFolding.space { post = post.dropLast() }
        guard post.count >= 2, post.allSatisfy({ CharacterFolding.isHan($0) || $0 == 0x20 || $0 == 0x3001 }) else { return false }
        return speakerRoles.contains(where: { post.hasSuffix($0) })
    }

    public static func isColumnLabel(_ s: [UInt32]) -> Bool {
        s.count <= 16 && columnLabelSuffixes.contains(where: { s.hasSuffix($0) })
    }
}

/// Prefix, suffix and substring tests of scalar arrays against short string literals.
extension Collection where Element == UInt32, Index == Int {
    func hasPrefix(_ p: String) -> Bool {
        var i = startIndex
        for u in p.unicodeScalars {
            guard i < endIndex, self[i] == u.value else { return false }
            i += 1
        }
        return true
    }

    func hasSuffix(_ p: String) -> Bool {
        let needle = p.unicodeScalars
        guard needle.count <= count else { return false }
        var i = endIndex - needle.count
        for u in needle {
            guard self[i] == u.value else { return false }
            i += 1
        }
        return true
    }

    func contains(_ p: String) -> Bool { firstRange(of: p) != nil }

    func firstRange(of p: String) -> Int? {
        let needle = p.unicodeScalars.map(\.value)
        guard !needle.isEmpty, needle.count <= count else { return nil }
        var i = startIndex
        while i + needle.count <= endIndex {
            if self[i] == needle[0] {
                var k = 1
                while k < needle.count, self[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    func lastRange(of p: String) -> Int? {
        let needle = p.unicodeScalars.map(\.value)
        guard !needle.isEmpty, needle.count <= count else { return nil }
        var i = endIndex - needle.count
        while i >= startIndex {
            if self[i] == needle[0] {
                var k = 1
                while k < needle.count, self[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i -= 1
        }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
