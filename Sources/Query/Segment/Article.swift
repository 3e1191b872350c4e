/// A closing credit printed with an article.
public struct Credit: Sendable, Equatable {
    public var kind: CreditKind
    /// The credit as printed, without its brackets: `作者系公安县委副书记、县长`, `刘艺 摄`.
    public var text: String
}

/// One article of a document: its headings, byline, credits and normalised text.
///
/// `text` is the normalised text a search runs over: the printed headline lines, then the
/// body paragraphs, one `\n` between paragraphs. `offsets` maps each scalar of `text` back to
/// the original document for display.
public struct Article: Sendable {
    /// `<doc stem>#<ordinal>`, stable across runs for the same file.
    public var id: String
    public var docIndex: Int
    public var doc: String
    public var ordinal: Int
    public var title: String
    /// True when nothing printed a headline and the title is the start of the first sentence.
    public var titleDerived: Bool
    public var subtitle: String?
    public var column: String?
    public var byline: [String]
    public var credits: [Credit]
    /// The article continues one from another page (上接 N 版).
    public var continued: Bool
    /// 1-based line numbers of the first and last line that belong to the article.
    public var firstLine: Int
    public var lastLine: Int
    /// Made on each read when the text lies in the corpus's shared buffer (a loaded corpus);
    /// searching reads its bytes there instead (`ArticleTexts`).
    public var text: String {
        get {
            switch textSource {
            case .own(let s): return s
            case .shared(let texts, let k): return texts.string(k)
            }
        }
        set { textSource = .own(newValue) }
    }
    var textSource: TextSource
    public var offsets: OffsetMap
    /// Filled by extraction.
    public var authors: [Author] = []
    public var regions: [RegionMatch] = []
    public var figures: [Figure] = []
    public var dates: [DateMention] = []

    /// Where an article's text is: its own `String`, as segmentation builds it, or text `k`
    /// of the buffer a loaded corpus shares.
    enum TextSource: Sendable {
        case own(String)
        case shared(ArticleTexts, Int)
    }

    public init(id: String, docIndex: Int, doc: String, ordinal: Int, title: String, titleDerived: Bool,
                subtitle: String?, column: String?, byline: [String], credits: [Credit], continued: Bool,
                firstLine: Int, lastLine: Int, text: String, offsets: OffsetMap) {
        self.id = id
        self.docIndex = docIndex
        self.doc = doc
        self.ordinal = ordinal
        self.title = title
        self.titleDerived = titleDerived
        self.subtitle = subtitle
        self.column = column
        self.byline = byline
        self.credits = credits
        self.continued = continued
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.textSource = .own(text)
        self.offsets = offsets
    }
}

/// A byline entry: a name (may be empty when only an affiliation is printed) and its role.
public struct Author: Sendable, Equatable, Hashable {
    public var name: String
    public var role: String
    public var affiliation: String?
    public init(name: String, role: String, affiliation: String? = nil) {
        self.name = name
        self.role = role
        self.affiliation = affiliation
    }

    /// Equal byte for byte (`==` on `String`s compares them normalised, slowly for Chinese).
    func sameBytes(_ other: Author) -> Bool {
        func same(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return a.utf8.elementsEqual(b.utf8)
        }
        return same(name, other.name) && same(role, other.role) && same(affiliation, other.affiliation)
    }
}

/// A region the article is about, with its path from the province down.
public struct RegionMatch: Sendable, Hashable {
    public var name: String
    public var code: String
    public var path: [String]
}

/// A number with its unit, as printed; `start`/`end` are scalar offsets into `Article.text`.
///
/// Memory: 56 bytes a figure (a million of them at 500 MB). The unit, the qualifier and the
/// kind are each one of a closed set, kept as a byte (`unitNames`, `Qualifier`, `Kind`), and
/// the offsets as `UInt32`: as `String`s and `Int`s a figure took 104 bytes, 112 MB at 500 MB.
public struct Figure: Sendable, Equatable {
    public var text: String
    public var value: Double
    /// What is counted, when printed right after the unit (专项资金, 公共停车泊位).
    public var thing: String?
    private let startOffset: UInt32
    private let endOffset: UInt32
    /// The unit's number in `unitNames`.
    let unitCode: UInt8
    public let qualifierValue: Qualifier?
    public let kindValue: Kind?

    /// How a qualifier places the value: 超过/以上/70余万 (over), 近/不足 (under), 约/左右 (approx).
    public enum Qualifier: String, CaseIterable, Sendable {
        case over, under, approx
    }

    /// What the number is, where the text says: `growth` (同比增长 11.6%), `points` (个百分点),
    /// `share` (占比).
    public enum Kind: String, CaseIterable, Sendable {
        case growth, points, share
    }

    /// Every unit a figure can report: "" (an amount with a magnitude and no printed unit, 300亿)
    /// and the units the extractor folds to (平方千米 is reported as 平方公里), each once.
    public static let unitNames: [String] = {
        var names = [""]
        for (_, folded) in FigureExtractor.units where !names.contains(where: { $0.utf8.elementsEqual(folded.utf8) }) {
            names.append(folded)
        }
        return names
    }()

    /// The number of a unit in `unitNames`, nil for a unit no figure can have. Compared as
    /// bytes: `==` on Chinese strings normalises them.
    static func unitCode(_ name: String) -> UInt8? {
        unitNames.firstIndex { $0.utf8.elementsEqual(name.utf8) }.map(UInt8.init)
    }

    public var unit: String { Figure.unitNames[Int(unitCode)] }
    public var qualifier: String? { qualifierValue?.rawValue }
    public var kind: String? { kindValue?.rawValue }
    public var start: Int { Int(startOffset) }
    public var end: Int { Int(endOffset) }

    /// A figure whose unit, qualifier and kind are among those a figure can have; nil for
    /// another (the cache reader's check).
    public init?(text: String, value: Double, unit: String, qualifier: String?, start: Int, end: Int, kind: String? = nil, thing: String? = nil) {
        guard let u = Figure.unitCode(unit), start >= 0, start <= end, end <= Int(UInt32.max) else { return nil }
        let q = qualifier.map(Qualifier.init(rawValue:)), k = kind.map(Kind.init(rawValue:))
        if q == .some(nil) || k == .some(nil) { return nil }
        self.init(text: text, value: value, unitCode: u, qualifier: q ?? nil, start: start, end: end, kind: k ?? nil, thing: thing)
    }

    init(text: String, value: Double, unitCode: UInt8, qualifier: Qualifier?, start: Int, end: Int, kind: Kind?, thing: String?) {
        self.text = text
        self.value = value
        self.thing = thing
        self.startOffset = UInt32(start)
        self.endOffset = UInt32(end)
        self.unitCode = unitCode
        self.qualifierValue = qualifier
        self.kindValue = kind
    }
}

/// A date or date range printed in the article, as ISO 8601 text (`2022-06-30`, `2023-11`,
/// `2023`, or a range `2022-11-19/2022-11-23`); `start`/`end` are scalar offsets into `text`.
public struct DateMention: Sendable, Equatable {
    public var text: String
    public var iso: String
    public var start: Int
    public var end: Int
    /// True when the year was not printed and was taken from the document.
    public var yearInferred: Bool
}
