/// A string taken as one whole article of a document with no context (`extract --text`):
/// normalised like corpus text, but never split, and with no headline.
public enum Snippet {
    public static func article(_ string: String, id: String = "text#1") -> Article {
        let doc = Document(name: "text", encoding: .utf8, utf8: Array(string.utf8))
        var b = TextBuilder()
        var lastTerminated = true
        var gap = 0
        for line in doc.lines {
            let f = FoldedLine(document: doc, line: line)
            if f.isBlank { gap += 1; continue }
            if !b.isEmpty, !lastTerminated, gap > 0 {
                b.glue(nextFirst: f.first, origin: f.origins[0])
            } else {
                b.paragraphBreak(origin: f.origins[0])
            }
            b.append(f, 0..<f.count)
            lastTerminated = CharacterFolding.isTerminal(f.last!)
            gap = 0
        }
        b.trimEnd()
        return Article(
            id: id, docIndex: 0, doc: "text", ordinal: 1, title: Segmenter.deriveTitle(b.scalars), titleDerived: true,
            subtitle: nil, column: nil, byline: [], credits: [], continued: false,
            firstLine: 1, lastLine: max(1, doc.lines.count), text: FoldedLine.string(b.scalars[...]), offsets: b.map)
    }
}
