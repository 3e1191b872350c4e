import Testing
import Query

/// The shape checks that let a regular expression be verified on windows around its literal
/// instead of the whole article. A wrong `true` for `isLocal` or a wrong `false` for
/// `canMatchNewline` would lose matches; the differential tests check the results, these check
/// each reading.
struct RegexShapeTests {
    @Test(arguments: [
        ("[0-9.]+亿元", true), ("党[建委]", true), ("沙市.{0,3}区", true), ("[^。]+亿元", true),
        ("[\\^$]亿元", true), ("(?:党建)+", true), ("(党建)\\1", true),
        ("^沙市", false), ("亿元$", false), ("\\b亿元", false), ("(?=亿)亿元", false),
        ("(?<=全市)[0-9]+个", false), ("(?i)abc", false), ("(?m)^a", false), ("\\Q^\\E", false),
        ("[]^$]亿元", true), ("[^]^]亿元", true), ("[\\b]亿元", true),
    ])
    func local(_ pattern: String, _ expected: Bool) {
        #expect(RegexShape.isLocal(pattern) == expected, "\(pattern)")
    }

    @Test(arguments: [
        ("[0-9.]+亿元", false), ("沙市.{0,3}区", false), ("\\d+个", false), ("[一二三]是", false),
        ("[^。]+亿元", true), ("[\\s\\S]+", true), ("\\n", true), ("a\\sb", true), ("\\p{Han}+", true),
        ("\\x0a", true), ("\\u000a", true), ("[[:space:]]", true), ("\\D+", true),
        ("[]a]+", false), ("[^]a]+", true),
    ])
    func newline(_ pattern: String, _ expected: Bool) {
        #expect(RegexShape.canMatchNewline(pattern) == expected, "\(pattern)")
    }

    @Test(arguments: [
        ("[0-9.]+亿元", false), ("党[建委]", false), ("沙市.{0,3}区", false), ("a+b?", false),
        ("(([^。]|x){1,40}){1,40}(量子|计算机)", true), ("(a+)+", true), ("(a|aa)*", true),
        ("a+b+", true), (".*x.*", true), ("(a)\\1", true), ("[a-z]{2,}b*", true),
        // Quantifier characters inside a class are literals, a `]` first in a class included.
        ("[]+*]+亿元", false), ("[(+]+x", false), ("[\\1]+x", false),
    ])
    func risky(_ pattern: String, _ expected: Bool) {
        #expect(RegexShape.isRisky(pattern) == expected, "\(pattern)")
    }

    /// The literals every match must contain, which pick the candidate articles: an
    /// alternation inside a group no longer hides the literals around it.
    @Test(arguments: [
        ("[0-9.]+亿元", ["亿元"]), ("(社区|村).{0,40}党建", ["党建"]), ("沙市(区|县)政府", ["沙市", "政府"]),
        ("党建|营商", []), ("沙市.{0,3}区", ["沙市", "区"]), ("党建?", ["党"]), ("[|]党建", ["党建"]),
        ("\\|党建", ["党建"]), ("(党建)+引领", ["引领"]), ("(社区|村)", []),
        // What an escape spans is no literal: the digits of \u2028, \x41, \x{41}, \0101, a name.
        ("a\\u2028党建", ["a", "党建"]), ("\\x41亿元", ["亿元"]), ("\\x{1F600}亿", ["亿"]), ("\\0101x", ["x"]),
        ("\\N{DIGIT ONE}个", ["个"]), ("\\p{Han}亿元", ["亿元"]), ("\\pL元", ["元"]), ("\\cA党", ["党"]), ("\\Q1+1\\E=2", ["=2"]),
    ])
    func requiredLiterals(_ pattern: String, _ expected: [String]) {
        #expect(RegexLiterals.required(pattern) == expected, "\(pattern)")
    }
}
