/// "Did you mean …?" for options, commands, fields and names.
public enum Suggestions {
    /// Edit distance over Unicode scalars, counting a swap of neighbours as one edit (optimal
    /// string alignment: `cuont` is one edit from `count`). O(|a|·|b|) time and memory.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }

    /// The candidate nearest to `word`, if it is near enough to be a plausible typo
    /// (at most a third of the word's length, and at least one edit allowed).
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        // Very long words (a pasted query) are nobody's typo, and would cost O(n²).
        guard word.unicodeScalars.count <= 64 else { return nil }
        let limit = max(1, word.unicodeScalars.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word, c)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
