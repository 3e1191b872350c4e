extension CorpusIndex {
    /// The articles (ascending) where `decide` finds a match, asked only of the articles that
    /// hold one of `occurrences` (ascending corpus positions, from `positions`), with that
    /// article's text and its stretch of `occurrences`, on every core — how a regex with a
    /// small alphabet (`LocatedRegex`) and a text with punctuation are decided where their
    /// literal occurs, instead of in every candidate's whole text.
    ///
    /// Each article's first occurrence is a read from anywhere in the corpus, a cache miss or
    /// two that the walk then waits on: the text `lookingBack` positions before the first
    /// occurrence of the article `prefetchDistance` ahead is asked for, so the misses overlap
    /// (a regex at 500 MB: 14–19 ms without, 9–10 with).
    func articles(atOccurrences occurrences: [UInt32], of positions: PairPositions, lookingBack back: UInt32 = 0,
                  isCancelled: @escaping @Sendable () -> Bool = { false },
                  decide: @escaping @Sendable (_ text: UnsafeBufferPointer<UInt8>, _ article: Int, _ occurrences: ArraySlice<UInt32>) -> Bool) -> [UInt32] {
        let (inArticle, first) = occurrences.withUnsafeBufferPointer { positions.locator.group($0) }
        let kept = ParallelFilter.filter(Array(0..<UInt32(inArticle.count))) { [self] j in
            if isCancelled() { return false }
            let ahead = Int(j) + Self.prefetchDistance
            if ahead < inArticle.count {
                let a = Int(inArticle[ahead])
                withText(a) { positions.prefetch(position: occurrences[first[ahead]] &- back, article: a, text: $0) }
            }
            let k = Int(inArticle[Int(j)])
            return withText(k) { decide($0, k, occurrences[first[Int(j)]..<first[Int(j) + 1]]) }
        }
        return kept.map { inArticle[Int($0)] }
    }

    /// Articles ahead of the one being decided whose first occurrence is fetched.
    static let prefetchDistance = 6
}
