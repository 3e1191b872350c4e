/// The compiled form of a query: a plain, `Codable` value that names what to find, not how.
/// The in-memory `Executor` runs it; another executor (a distributed engine) can run the same
/// value, which is why it holds resolved names (region codes) and no index references.
public indirect enum Plan: Codable, Equatable, Sendable {
    /// Every article.
    case all
    /// A substring of the normalised text (already folded, spaces removed).
    case text(String)
    /// A regular expression over the normalised text; `literals` are substrings every match
    /// contains (empty when none could be proved), for candidate selection.
    case regex(pattern: String, literals: [String])
    /// Articles about any of these places or a place inside them: gazetteer codes, and names
    /// of places below the gazetteer (东苑社区).
    case region(codes: [String], names: [String])
    /// An author's name, a role (通讯员), or a part of an affiliation.
    case author(String)
    case title(String)
    case doc(String)
    /// Articles with a date overlapping [from, to] (days since 1970, inclusive).
    case date(from: Int, to: Int)
    /// Articles with at least one figure in this unit.
    case unit(String)
    case figure(FigureConstraint)
    /// Both texts within `distance` characters of each other.
    case near(String, String, distance: Int)
    case and([Plan])
    case or([Plan])
    case not(Plan)
}

/// A figure term: unit and value bounds together. Bounds are in base units (元, not 亿元).
public struct FigureConstraint: Codable, Equatable, Hashable, Sendable {
    public var unit: String
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(unit: String, lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.unit = unit
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// Whether a printed figure satisfies the term. A qualifier counts where the bound is its
    /// own value: 70余万元 (more than 70万) satisfies `>70万元`, 近40平方公里 satisfies
    /// `<40平方公里` and not `>=40平方公里`.
    public func accepts(_ f: Figure) -> Bool {
        f.unit == unit && accepts(value: f.value, qualifier: f.qualifierValue)
    }

    /// The same for a figure of this term's unit, given by its value and qualifier.
    public func accepts(value v: Double, qualifier: Figure.Qualifier?) -> Bool {
        if let lo = lower {
            if v < lo { return false }
            // At the bound itself the qualifier decides: 70余万 is above 70万, 近40 below 40.
            if v == lo && (lowerInclusive ? qualifier == .under : qualifier != .over) { return false }
        }
        if let hi = upper {
            if v > hi { return false }
            if v == hi && (upperInclusive ? qualifier == .over : qualifier != .under) { return false }
        }
        return true
    }
}

/// A stage after `|`.
public enum Stage: Codable, Equatable, Sendable {
    public enum Key: String, Codable, CaseIterable, Sendable { case region, author, doc, unit, year }
    case countBy(Key)
    case sortByFigure(descending: Bool)
    case sortByDate(descending: Bool)
    case limit(Int)
    case kwic(Int)
    case figures
}

/// A whole statement: the filter and its stages.
public struct Pipeline: Codable, Equatable, Sendable {
    public var filter: Plan
    public var stages: [Stage]
    public init(filter: Plan, stages: [Stage]) {
        self.filter = filter
        self.stages = stages
    }
}
