extension Array {
    /// The same elements in storage of their count, when appending left the array room it will
    /// not use: an article's records are built by appending and then kept for the corpus's
    /// life — at 500 MB their unused room (figures, regions, offsets, authors) was ≈ 80 MB of
    /// the index build's peak. O(count), one allocation; `self` when there is no room to give
    /// back. (`Array(self)` and `Array(self[...])` would keep the same storage.)
    func exactlySized() -> [Element] {
        guard capacity > count else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}
