// libFuzzer harness, differential: any pattern that `RegexAutomaton` takes must give ICU's
// verdict (through NSRegularExpression) on every one of a set of short texts — characters of
// one to four UTF-8 bytes, line terminators, digits of other scripts. Built by `make fuzz`
// together with Sources/Query (one module), never by `swift build`.
import Foundation

let fuzzTexts = [
    "投资14.9亿元,新建1.5万个。", "é café naïve 1亿元", "𠀀𠀁营商环境𠀂 12个", "数亿元。\n第二段 3亿元",
    "aaaaaaab", "", "Ω≈ç√ 中文 ok", "１２家 ٣٤个 12家", "a\u{2028}b\rc\u{85}d x_y-z", "价格\t100元;Ab3", "\u{FFFD}\u{0}x",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegex(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 64 else { return 0 }
    let pattern = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Patterns ICU would take long to refuse on these texts are not this harness's subject.
    guard !RegexShape.isRisky(pattern), let automaton = RegexAutomaton(pattern: pattern),
          let re = try? NSRegularExpression(pattern: pattern) else { return 0 }
    for t in fuzzTexts {
        let mine = Array(t.utf8).withUnsafeBufferPointer { automaton.matches($0) }
        let icu = re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
        precondition(mine == icu, "automaton \(mine), ICU \(icu): /\(pattern)/ on \(t.debugDescription)")
    }
    return 0
}
