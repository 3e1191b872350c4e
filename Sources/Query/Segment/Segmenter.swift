/// Splits a document (a newspaper page or a speech) into articles.
///
/// Lines are classified alone (`LineClassifier`), then read in order by a small state machine
/// that keeps the open article, the article a continuation (上接) interrupted, and articles
/// whose headline has not been seen yet. The rules, each from the genre (docs/architecture.md,
/// "Segmentation"):
/// - a byline (本报讯…, □ 通讯员…, a speaker) opens an article; headings right above it are its
///   headline, subtitle (——…), kicker and column label;
/// - a closing credit ((作者系…), (… 摄), (据新华社)) closes the article; body text after a
///   closed article opens a new one, whose title is derived from its first sentence;
/// - a heading inside an open article is a sub-heading, unless it is a `名：题` headline, the
///   short section under it ends in a photo credit (a photo item), or the article is a bylined
///   news item and the section ends in an author credit (a signed article);
/// - a heading followed by a layout gap (two or more blank lines) or the end of the page, with
///   an untitled article above that shares its words, is that article's headline printed
///   after its body;
/// - a photo caption printed after a layout gap belongs to the open article when that
///   article goes on after it, and is a photo item of its own otherwise;
/// - after (上接 N 版) the text belongs to the continued article until it breaks off mid-sentence
///   before a heading; the page's open article resumes there, and the continued one takes the
///   next body text that follows a closed article.
///
/// O(lines) with a bounded look-ahead (a few lines) per heading.
public struct Segmenter {
    struct Block {
        var line: FoldedLine
        var kind: LineKind
        var gap: Int { line.gapBefore }
        var count: Int { line.count }
    }

    struct Draft {
        var heads = TextBuilder()
        var body = TextBuilder()
        var title: String?
        var subtitle: String?
        var column: String?
        var byline: [String] = []
        var credits: [Credit] = []
        var closed = false
        var hasBody = false
        var continuation = false
        var lastTerminated = true
        var firstLine: Int
        var lastLine: Int
        var photo = false
        var fromHeadings = false
        init(line: Int) { firstLine = line; lastLine = line }
    }

    public private(set) var furniture: [FurnitureLine] = []
    var blocks: [Block] = []
    /// Each line's original scalars, for display strings (titles keep their printed punctuation).
    var document: Document?
    var drafts: [Draft] = []
    var current: Int?
    var resumable: Int?
    var interrupted: [Int] = []
    /// The last photo feature, which numbered captions (①…) belong to.
    var lastPhoto: Int?

    public static func segment(_ document: Document, docIndex: Int = 0) -> (articles: [Article], furniture: [FurnitureLine]) {
        let r = segmentKeepingScalars(document, docIndex: docIndex)
        return (r.articles, r.furniture)
    }

    /// `segment`, also returning each article's text as scalars — what extraction reads, so
    /// the loader need not decode every text again.
    public static func segmentKeepingScalars(_ document: Document, docIndex: Int = 0) -> (articles: [Article], furniture: [FurnitureLine], scalars: [[UInt32]]) {
        var s = Segmenter()
        s.document = document
        var gap = 0
        for line in document.lines {
            var folded = FoldedLine(document: document, line: line)
            if folded.isBlank { gap += 1; continue }
            folded.gapBefore = gap
            gap = 0
            s.blocks.append(Block(line: folded, kind: LineClassifier.classify(folded)))
        }
        s.run()
        let (articles, scalars) = s.finish(document: document, docIndex: docIndex)
        return (articles, s.furniture, scalars)
    }

    // MARK: - The state machine

    mutating func run() {
        var i = 0
        while i < blocks.count {
            let b = blocks[i]
            switch b.kind {
            case .furniture(let f):
                furniture.append(FurnitureLine(line: b.line.line.number, kind: f, text: display(b)))
                i += 1
            case .heading, .subtitle:
                i = heading(at: i)
            case .byline(let bodyFrom):
                if let c = current, !drafts[c].closed, !drafts[c].hasBody, drafts[c].byline.isEmpty, drafts[c].fromHeadings {
                    drafts[c].byline.append(bylineText(b, upTo: bodyFrom))
                    touch(c, b)
                } else {
                    let c = open(at: b)
                    drafts[c].byline.append(bylineText(b, upTo: bodyFrom))
                }
                if let from = bodyFrom { appendBody(b, from..<b.count) }
                i += 1
            case .speaker:
                if let c = current, !drafts[c].closed, !drafts[c].hasBody {
                    drafts[c].byline.append(display(b))
                    touch(c, b)
                } else {
                    appendBody(b, 0..<b.count)
                }
                i += 1
            case .credit(let kind):
                credit(kind, display(b).strippingParens, block: b)
                i += 1
            case .continuation:
                furniture.append(FurnitureLine(line: b.line.line.number, kind: .jumpLine, text: display(b)))
                if let c = current, !drafts[c].closed { resumable = c }
                let c = open(at: b)
                drafts[c].continuation = true
                i += 1
            case .caption:
                let target = lastPhoto ?? current
                if let t = target {
                    drafts[t].body.paragraphBreak(origin: b.line.origins[0])
                    drafts[t].body.append(b.line, 0..<b.count)
                    drafts[t].hasBody = true
                    touch(t, b)
                } else {
                    appendBody(b, 0..<b.count)
                }
                i += 1
            case .body(let creditFrom, let creditKind):
                if creditKind == .photo, isIsland(i) {
                    i = islands(from: i)
                    continue
                }
                appendBody(b, 0..<(creditFrom ?? b.count))
                if let from = creditFrom, let kind = creditKind {
                    credit(kind, display(b, from..<b.count).strippingParens, block: b)
                }
                i += 1
            }
        }
    }

    /// Handles the run of headings starting at `i`; returns the index after what it consumed.
    mutating func heading(at i: Int) -> Int {
        var j = i + 1
        while j < blocks.count, blocks[j].gap < 2 {
            if case .heading = blocks[j].kind { j += 1; continue }
            if case .subtitle = blocks[j].kind { j += 1; continue }
            break
        }
        let run = Array(blocks[i..<j])
        let next: Block? = (j < blocks.count && blocks[j].gap < 2) ? blocks[j] : nil

        switch next?.kind {
        case .byline?, .speaker?:
            start(headings: run)
            return j
        default:
            break
        }
        if let c = current, !drafts[c].closed, !drafts[c].byline.isEmpty, !drafts[c].hasBody, next != nil {
            // A label between byline and body (美好环境与幸福生活共同缔造).
            let label = run.map { display($0) }.joined(separator: " ")
            drafts[c].column = drafts[c].column.map { $0 + " " + label } ?? label
            touch(c, run.last!)
            return j
        }
        if next == nil {
            if let u = untitledSharingWords(with: run) {
                setHeadings(u, run)
                return j
            }
            // A headline with nothing under it (a photo's, or the body is on another page) is
            // still an article: its words stay searchable.
            start(headings: run)
            return j
        }
        guard let c = current, !drafts[c].closed else {
            start(headings: run)
            return j
        }
        if run.count == 1, let nb = next, nb.gap >= 1, case .body = nb.kind, startsWithTail(nb.line) {
            // "…书记李程" + "云,区政协…": a line the PDF broke before a one-character tail.
            appendBody(run[0], 0..<run[0].count)
            return j
        }
        if isNameColonHeadline(run[0]) || photoItemFollows(j) || (!drafts[c].byline.isEmpty && signedArticleFollows(j)) {
            start(headings: run)
            return j
        }
        var target = c
        if drafts[c].continuation, !drafts[c].lastTerminated, let r = resumable, !drafts[r].closed {
            interrupted.append(c)
            resumable = nil
            current = r
            target = r
        }
        for b in run {
            drafts[target].body.paragraphBreak(origin: b.line.origins[0])
            drafts[target].body.append(b.line, 0..<b.count)
            touch(target, b)
        }
        drafts[target].hasBody = true
        drafts[target].lastTerminated = true
        return j
    }

    /// `公安县委副书记、政法委书记冯荆柯：坚持…` — a headline naming its subject before a colon.
    func isNameColonHeadline(_ b: Block) -> Bool {
        guard let colon = b.line.scalars.firstIndex(of: 0x3A) else { return false }
        return colon >= 4 && b.count - colon >= 4
    }

    /// A short section (≤ 4 paragraphs) ending in a photo credit: a photo item, not a sub-heading.
    func photoItemFollows(_ j: Int) -> Bool {
        var k = j
        while k < blocks.count, k < j + 5 {
            let b = blocks[k]
            if k > j, b.gap >= 2 { return false }
            switch b.kind {
            case .credit(.photo): return true
            case .body(_, let kind):
                if kind == .photo { return true }
            default: return false
            }
            k += 1
        }
        return false
    }

    /// The section from `j` ends in an author credit (作者系…) before any other heading: a
    /// signed article. A bylined news item never closes with one, so after a byline this is a
    /// new article, not a sub-heading.
    func signedArticleFollows(_ j: Int) -> Bool {
        var k = j
        while k < blocks.count, k < j + 200 {
            switch blocks[k].kind {
            case .credit(.author): return true
            case .body(_, let kind):
                if kind == .author { return true }
                if kind != nil { return false }
            case .caption: break
            default: return false
            }
            k += 1
        }
        return false
    }

    /// A body line with a photo credit printed after a layout gap: a caption.
    func isIsland(_ i: Int) -> Bool {
        blocks[i].gap >= 2
    }

    /// Captions between gaps: the open article's when it goes on after them, else photo items.
    mutating func islands(from i: Int) -> Int {
        var k = i
        while k < blocks.count, case .body(_, .photo?) = blocks[k].kind, isIsland(k) { k += 1 }
        var continues = false
        if let c = current, !drafts[c].closed, k < blocks.count {
            switch blocks[k].kind {
            case .body: continues = true
            case .heading, .subtitle:
                var j = k + 1
                while j < blocks.count, blocks[j].gap < 2, blocks[j].kind == .heading || blocks[j].kind == .subtitle { j += 1 }
                if j < blocks.count, case .body = blocks[j].kind { continues = true }
            default: break
            }
        }
        for m in i..<k {
            let b = blocks[m]
            guard case .body(let from?, let kind?) = b.kind else { continue }
            let creditText = display(b, from..<b.count).strippingParens
            if continues, let c = current {
                drafts[c].body.paragraphBreak(origin: b.line.origins[0])
                drafts[c].body.append(b.line, 0..<from)
                drafts[c].credits.append(Credit(kind: kind, text: creditText))
                drafts[c].lastTerminated = true
                touch(c, b)
            } else {
                let c = open(at: b)
                drafts[c].body.append(b.line, 0..<from)
                drafts[c].hasBody = true
                drafts[c].credits.append(Credit(kind: kind, text: creditText))
                drafts[c].closed = true
                drafts[c].photo = true
                lastPhoto = c
            }
        }
        return k
    }

    mutating func appendBody(_ b: Block, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var c: Int
        if let cur = current, !drafts[cur].closed {
            c = cur
        } else if let k = interrupted.last, !drafts[k].lastTerminated {
            interrupted.removeLast()
            c = k
            drafts[c].closed = false
            current = c
        } else {
            c = open(at: b)
        }
        let first = b.line.scalars[range.lowerBound]
        if drafts[c].hasBody, !drafts[c].lastTerminated, b.gap >= 1, !startsWithListMarker(b.line, range.lowerBound) {
            drafts[c].body.glue(nextFirst: first, origin: b.line.origins[range.lowerBound])
        } else {
            drafts[c].body.paragraphBreak(origin: b.line.origins[range.lowerBound])
        }
        drafts[c].body.append(b.line, range)
        drafts[c].hasBody = true
        drafts[c].lastTerminated = CharacterFolding.isTerminal(b.line.scalars[range.upperBound - 1])
        touch(c, b)
    }

    /// `云,区政协主席…`: a first clause of one character is the tail of a broken line.
    func startsWithTail(_ line: FoldedLine) -> Bool {
        line.count >= 2 && CharacterFolding.isHan(line.scalars[0])
            && [0x2C, 0x3001, 0x3002, 0x3B, 0x3A].contains(line.scalars[1])
    }

    /// 一、 二是 1. (一) ① — a new list item, never the tail of a broken line.
    func startsWithListMarker(_ line: FoldedLine, _ at: Int) -> Bool {
        let s = line.scalars
        guard at + 1 < s.count else { return false }
        let numerals: Set<UInt32> = Set("一二三四五六七八九十".unicodeScalars.map(\.value))
        if numerals.contains(s[at]), s[at + 1] == 0x3001 || s[at + 1] == 0x662F { return true }  // 、 是
        if CharacterFolding.isASCIIAlnum(s[at]), s[at + 1] == 0x2E || s[at + 1] == 0x3001 { return true }
        if s[at] == 0x28, numerals.contains(s[at + 1]) { return true }
        return false
    }

    mutating func credit(_ kind: CreditKind, _ text: String, block b: Block) {
        guard let c = current ?? (drafts.isEmpty ? nil : drafts.count - 1) else {
            furniture.append(FurnitureLine(line: b.line.line.number, kind: .noise, text: display(b)))
            return
        }
        drafts[c].credits.append(Credit(kind: kind, text: text))
        drafts[c].closed = true
        if kind == .photo { drafts[c].photo = true; lastPhoto = c }
        touch(c, b)
    }

    @discardableResult
    mutating func open(at b: Block) -> Int {
        drafts.append(Draft(line: b.line.line.number))
        current = drafts.count - 1
        return drafts.count - 1
    }

    mutating func start(headings run: [Block]) {
        let c = open(at: run[0])
        drafts[c].fromHeadings = true
        setHeadings(c, run)
    }

    /// Sorts a headline block into title, kicker/subtitle and column label.
    mutating func setHeadings(_ c: Int, _ run: [Block]) {
        var main: [String] = []
        var subs: [String] = []
        var printed: [Block] = []
        for b in run {
            let t = display(b)
            if case .subtitle = b.kind {
                subs.append(t)
                printed.append(b)
            } else if LineClassifier.isColumnLabel(b.line.scalars) {
                drafts[c].column = t
            } else {
                main.append(t)
                printed.append(b)
            }
        }
        if main.count >= 2, main[0].count <= 10, main[1].count > main[0].count {
            subs.insert(main.removeFirst(), at: 0)  // a kicker above the headline
        }
        if let first = main.first {
            drafts[c].title = first
            subs.insert(contentsOf: main.dropFirst(), at: 0)
        }
        if !subs.isEmpty { drafts[c].subtitle = subs.joined(separator: " ") }
        for b in printed {
            drafts[c].heads.paragraphBreak(origin: b.line.origins[0])
            drafts[c].heads.append(b.line, 0..<b.count)
            touch(c, b)
        }
    }

    /// The last article without a printed headline whose text shares two or more Hanzi pairs
    /// with the heading: the headline was printed after it.
    func untitledSharingWords(with run: [Block]) -> Int? {
        var pairs = Set<UInt64>()
        for b in run {
            let s = b.line.scalars
            for k in 0..<max(0, s.count - 1) where CharacterFolding.isHan(s[k]) && CharacterFolding.isHan(s[k + 1]) {
                pairs.insert(UInt64(s[k]) << 32 | UInt64(s[k + 1]))
            }
        }
        // Only the last few articles: a headline is printed near its body (and the scan stays
        // O(1) per heading on pages of any length).
        for c in drafts.indices.reversed().prefix(8) where drafts[c].title == nil && !drafts[c].continuation && drafts[c].hasBody {
            let s = drafts[c].body.scalars
            var shared = Set<UInt64>()
            for k in 0..<max(0, s.count - 1) {
                let p = UInt64(s[k]) << 32 | UInt64(s[k + 1])
                if pairs.contains(p) { shared.insert(p); if shared.count >= 2 { return c } }
            }
        }
        return nil
    }

    mutating func touch(_ c: Int, _ b: Block) {
        drafts[c].firstLine = min(drafts[c].firstLine, b.line.line.number)
        drafts[c].lastLine = max(drafts[c].lastLine, b.line.line.number)
    }

    func bylineText(_ b: Block, upTo: Int?) -> String {
        display(b, 0..<(upTo ?? b.count))
    }

    /// The printed text of folded scalars `range` of a block: original punctuation, spaces
    /// collapsed to one.
    func display(_ b: Block, _ range: Range<Int>? = nil) -> String {
        let r = range ?? 0..<b.count
        guard let doc = document, !r.isEmpty else { return FoldedLine.string(b.line.scalars[r]) }
        let line = b.line.line
        let from = Int(b.line.origins[r.lowerBound]) - line.scalarStart
        let to = Int(b.line.origins[r.upperBound - 1]) - line.scalarStart + 1
        var out = String.UnicodeScalarView()
        var space = false
        for (k, u) in doc.text(of: line).unicodeScalars.enumerated() where k >= from && k < to {
            let f = CharacterFolding.fold(u.value)
            if f == CharacterFolding.dropped { continue }
            if f == CharacterFolding.space { space = !out.isEmpty; continue }
            if space { out.append(" "); space = false }
            out.append(u)
        }
        return String(out)
    }

    // MARK: - Articles

    func finish(document: Document, docIndex: Int) -> ([Article], [[UInt32]]) {
        var out: [Article] = []
        var scalars: [[UInt32]] = []
        for d in drafts.sorted(by: { $0.firstLine < $1.firstLine }) {
            var text = d.heads
            text.trimEnd()
            var body = d.body
            body.trimEnd()
            if body.isEmpty && text.isEmpty { continue }
            if !text.isEmpty && !body.isEmpty { text.appendParagraph(body) } else if text.isEmpty { text = body }
            let title: String
            if let t = d.title { title = t } else { title = Segmenter.deriveTitle(body.scalars) }
            let ordinal = out.count + 1
            out.append(Article(
                id: "\(document.stem)#\(ordinal)", docIndex: docIndex, doc: document.name, ordinal: ordinal,
                title: title, titleDerived: d.title == nil, subtitle: d.subtitle, column: d.column,
                byline: d.byline, credits: d.credits, continued: d.continuation,
                firstLine: d.firstLine, lastLine: d.lastLine,
                text: "", offsets: text.map.exactlySized()))
            scalars.append(text.scalars)
        }
        // The texts are encoded from their scalars into one buffer for the document, here on
        // the thread that made them: no `String` an article, and the memory is reused by the
        // next document's rather than adding to the peak of the index build.
        let texts = ArticleTexts(scalars: scalars)
        for k in out.indices { out[k].textSource = .shared(texts, k) }
        return (out, scalars)
    }

    /// The first sentence, cut at a clause boundary to at most 30 characters.
    static func deriveTitle(_ s: [UInt32]) -> String {
        let enders: Set<UInt32> = [0x3002, 0x21, 0x3F, 0x0A, 0x3B]
        var end = s.firstIndex(where: { enders.contains($0) }) ?? s.count
        if end > 30 {
            if let comma = s[0..<30].lastIndex(where: { $0 == 0x2C || $0 == 0x3001 }), comma >= 8 {
                end = comma
            } else {
                return FoldedLine.string(s[0..<28]) + "…"
            }
        }
        return FoldedLine.string(s[0..<end])
    }
}

extension TextBuilder {
    /// Appends another builder's text as a new paragraph, keeping its offsets.
    mutating func appendParagraph(_ other: TextBuilder) {
        let firstOrigin = other.map.originStarts.first ?? 0
        paragraphBreak(origin: firstOrigin)
        appendBuilt(other)
    }
}

extension String {
    /// `(作者系…)` → `作者系…`; also for a credit whose closing bracket was lost.
    var strippingParens: String {
        var s = Substring(self.trimmingSpaces)
        if s.first == "(" || s.first == "（" { s.removeFirst() }
        if s.last == ")" || s.last == "）" { s.removeLast() }
        return String(s).trimmingSpaces
    }
}
