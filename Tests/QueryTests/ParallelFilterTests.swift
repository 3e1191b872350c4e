import Testing
import Query

/// Candidate verification runs on every core; the result must be the serial filter's, in order,
/// at every size around the point where it switches (and chunk edges in between).
struct ParallelFilterTests {
    @Test(arguments: [0, 1, ParallelFilter.serialLimit - 1, ParallelFilter.serialLimit, ParallelFilter.serialLimit + 1, 1_000, 100_003])
    func sameAsSerial(_ n: Int) {
        let ids = (0..<UInt32(n)).map { $0 &* 7 }
        let keep: @Sendable (UInt32) -> Bool = { ($0 / 7) % 3 != 1 }
        #expect(ParallelFilter.filter(ids, keep) == ids.filter(keep))
    }
}
