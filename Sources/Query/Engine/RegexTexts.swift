/// The few texts whose presence decides whether an article holds a match of a regular
/// expression — which is all a regex term asks of an article — so that the term is answered
/// exactly from the index, one text search each, instead of verifying candidates' texts.
///
/// Two steps, both keeping "the text holds a match" unchanged:
/// - a repetition at either end of the pattern is cut to its fewest repeats: a match of
///   `[0-9.]+亿元` holds one of `[0-9.]亿元` at its end, and a match of that is one of the
///   pattern (`x*y` needs only `y`; `x{2,}y` needs `xxy`); alternatives are cut each on its own;
/// - what is left is spelled out when it is a finite language of at most `limit` texts: small
///   classes, alternatives, fixed counts (`[0-9.]亿元` is 11 texts: 0亿元 … 9亿元, .亿元).
///
/// Nil — and the term is verified as before — for syntax outside `RegexSubset`, a repetition of
/// varying count inside the pattern (`亿[0-9]+元`), large classes (`\d` is Unicode's digits,
/// `.` nearly everything), more texts than `limit`, or an empty text (a pattern that can match
/// nothing matches in every article).
///
/// Cost: each text is an exact search of the index (a pair's articles, a phrase's positions, or
/// a text with punctuation checked where its parts occur): `[0-9.]+亿元` at 500 MB is 11 phrase
/// searches, not a walk over 亿元's occurrences with an automaton.
enum RegexTexts {
    /// At most this many texts: each is one search (tenths of a millisecond at 500 MB).
    static let limit = 64

    /// The texts, as scalars, such that an article holds a match of `pattern` exactly when it
    /// holds one of them; nil when there is no such short list.
    static func of(_ pattern: String) -> [[UInt32]]? {
        guard let node = RegexNode.parse(pattern), let texts = spelled(trimmed(node)), !texts.contains(where: \.isEmpty) else {
            return nil
        }
        return texts
    }

    /// `node` with the repetitions at its ends cut to their fewest repeats (alternatives each
    /// on its own): the same answer to "does a text hold a match".
    static func trimmed(_ node: RegexNode) -> RegexNode {
        switch node {
        case .alternation(let branches):
            return .alternation(branches.map(trimmed))
        case .set:
            return node
        case .repetition, .concat:
            var items: [RegexNode] = []
            func append(_ n: RegexNode, to list: inout [RegexNode]) {
                if case .concat(let xs) = n { for x in xs { append(x, to: &list) } } else { list.append(n) }
            }
            append(node, to: &items)
            // Each end in turn, until it is not a repetition (a repeat may itself be one: it
            // is cut in turn). Bounded: counts go to 1000, and nested ones multiply.
            while case .repetition(let x, let lo, _)? = items.first, items.count + lo <= 4 * limit {
                var front: [RegexNode] = []
                for _ in 0..<lo { append(x, to: &front) }
                items.replaceSubrange(0..<1, with: front)
            }
            while case .repetition(let x, let lo, _)? = items.last, items.count + lo <= 4 * limit {
                items.removeLast()
                for _ in 0..<lo { append(x, to: &items) }
            }
            return items.count == 1 ? items[0] : .concat(items)
        }
    }

    /// Every text `node` matches, when they are at most `limit`; nil otherwise (or for a
    /// repetition of varying count).
    static func spelled(_ node: RegexNode) -> [[UInt32]]? {
        switch node {
        case .set(let s):
            var out: [[UInt32]] = []
            for r in s.ranges {
                guard out.count + r.count <= limit else { return nil }
                out += r.map { [$0] }
            }
            return out
        case .alternation(let branches):
            var out: [[UInt32]] = [], seen = Set<[UInt32]>()
            for b in branches {
                guard let texts = spelled(b) else { return nil }
                for t in texts where seen.insert(t).inserted { out.append(t) }
                if out.count > limit { return nil }
            }
            return out
        case .concat(let items):
            var out: [[UInt32]] = [[]]
            for item in items {
                guard let texts = spelled(item), out.count * texts.count <= limit else { return nil }
                out = out.flatMap { a in texts.map { a + $0 } }
            }
            return out
        case .repetition(let x, let lo, let hi):
            guard hi == lo else { return nil }
            return spelled(.concat(Array(repeating: x, count: lo)))
        }
    }
}
