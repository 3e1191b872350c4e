import Testing
import Query

/// The pair positions carry a fingerprint of the two characters after each pair in their
/// unused low bits (`PairPositions`): a phrase's candidates are those whose fingerprints agree.
/// A fingerprint may only let a candidate through wrongly, never turn a match away — at every
/// width a corpus can leave, including the narrow ones of corpora too large to build here.
struct FingerprintTests {
    /// Phrases cut from the seed articles at many places and lengths (every one occurs), and
    /// the same with two characters swapped or one replaced (most do not).
    static let phrases: [String] = {
        var out: [String] = []
        for (k, a) in seedCorpus.articles.enumerated() {
            let s = Array(a.text.unicodeScalars)
            guard s.count > 40 else { continue }
            for j in 0..<12 {
                let at = (j * 7919 + k * 31) % (s.count - 8), n = 3 + (j + k) % 6
                let cut = Array(s[at..<(at + n)])
                out.append(String(String.UnicodeScalarView(cut)))
                var swapped = cut
                swapped.swapAt(1, 2)
                out.append(String(String.UnicodeScalarView(swapped)))
                var replaced = cut
                replaced[n - 1] = "的"
                out.append(String(String.UnicodeScalarView(replaced)))
            }
        }
        return out
    }()

    static func substringTest(_ phrase: String) -> [UInt32] {
        seedCorpus.articles.indices.filter { seedCorpus.articles[$0].text.contains(phrase) }.map(UInt32.init)
    }

    @Test(arguments: [0, 2, 4, 6, 8])
    func everyWidthFindsExactlyTheSubstrings(_ bits: Int) {
        let index = CorpusIndex(articles: seedCorpus.articles, fingerprintBits: bits)
        var found = 0
        for phrase in Self.phrases {
            let expected = Self.substringTest(phrase)
            #expect(index.articles(containing: phrase) == expected, "\(phrase) at \(bits) bits")
            if !expected.isEmpty { found += 1 }
        }
        // Both kinds are there: phrases that occur, and some that do not.
        #expect(found >= Self.phrases.count / 3 && found < Self.phrases.count)
    }

    /// 们的党 followed by thirty characters, never by 建, in a thousand articles; 党建 and 我们
    /// everywhere: every pair of 我们的党建 is common, and the phrase never occurs.
    static let commonPairs: [Article] = {
        let next = Array("员性的委组中风政旗史校课务费徽章纪规建".unicodeScalars.filter { $0 != "建" })
            + Array("领导人民群众干部工作会议".unicodeScalars)
        return (0..<1000).map { k in
            let c = next[k % next.count]
            return Snippet.article("我们的党\(c)。我们的党\(next[(k + 7) % next.count])。党建引领我们", id: "c#\(k)")
        }
    }()

    /// The case the fingerprints are for: the driving pair has 2,000 positions, and nearly all
    /// are turned away by the characters after it, so absence costs almost no probes.
    @Test func absentPhraseOfCommonPairsLeavesFewCandidates() throws {
        let index = CorpusIndex(articles: Self.commonPairs)
        #expect(index.articles(containing: "我们的党建") == [])
        let driver = try #require(index.phraseDriver("我们的党建"))
        #expect(driver.pair == "们的" && driver.positions == 2000)
        // 4 bits a character here: 5 of the 29 characters after 党 share 建's (a sixteenth
        // would be 2), and the character after 的 always agrees.
        #expect(driver.candidates <= driver.positions / 4, "\(driver)")
        // Without fingerprints every position of the driving pair (now the rarest, 党建) is a
        // candidate, and the answer is the same.
        let plainIndex = CorpusIndex(articles: Self.commonPairs, fingerprintBits: 0)
        let plain = try #require(plainIndex.phraseDriver("我们的党建"))
        #expect(plain.candidates == plain.positions && plain.positions == 1000, "\(plain)")
        #expect(plainIndex.articles(containing: "我们的党建") == [])
        #expect(index.articles(containing: "我们的党员") == plainIndex.articles(containing: "我们的党员"))
        #expect(!index.articles(containing: "我们的党员").isEmpty)
    }

    /// A phrase that occurs keeps every occurrence as a candidate, at each width: each start
    /// of it is a position of its driving pair whose fingerprint agrees.
    @Test(arguments: [0, 2, 4, 8])
    func occurringPhraseKeepsItsCandidates(_ bits: Int) throws {
        let phrase = "们的党员"  // (的党员。 before punctuation lost its pairs' positions)
        let index = CorpusIndex(articles: Self.commonPairs, fingerprintBits: bits)
        let driver = try #require(index.phraseDriver(phrase))
        let occurrences = Self.commonPairs.reduce(0) { $0 + $1.text.components(separatedBy: phrase).count - 1 }
        #expect(occurrences >= 60 && driver.candidates >= occurrences, "\(driver), \(occurrences) occurrences")
        #expect(index.articles(containing: phrase) == Self.commonPairs.indices.filter { Self.commonPairs[$0].text.contains(phrase) }.map(UInt32.init))
    }
}
