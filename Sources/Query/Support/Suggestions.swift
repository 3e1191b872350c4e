/// "Did you mean …?" for options, commands, fields and names.
public enum Suggestions {
    /// Levenshtein distance over Unicode scalars. O(|a|·|b|) time, O(|b|) memory.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The candidate nearest to `word`, if it is near enough to be a plausible typo
    /// (at most a third of the word's length, and at least one edit allowed).
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let limit = max(1, word.unicodeScalars.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word, c)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
