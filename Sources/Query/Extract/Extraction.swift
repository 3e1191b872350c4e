/// Fills `authors`, `regions`, `figures` and `dates` of a document's articles. Runs per
/// document, inside the loader's parallel loop: regions and dates need the whole document
/// as context (places named elsewhere on the page, the page's year).
public enum Extraction {
    /// `scalars`: each article's text as scalars, when the caller has them (the segmenter
    /// does); else decoded here.
    public static func extract(_ articles: inout [Article], furniture: [FurnitureLine], scalars: [[UInt32]]? = nil) {
        let texts = scalars ?? articles.map { $0.text.unicodeScalars.map(\.value) }
        // Author credits name places too: (作者系松滋市洈水镇党委书记).
        let creditTexts = articles.map { a in
            a.credits.filter { $0.kind == .author }.map { Array($0.text.unicodeScalars.map(\.value)) }
        }
        let regions = RegionExtractor()
        let textCandidates = texts.map(regions.candidates)
        let creditCandidates = creditTexts.map { $0.map(regions.candidates) }
        let context = regions.context(candidates: textCandidates + creditCandidates.flatMap { $0 })
        let year = DateExtractor.documentYear(texts: texts, pageDates: furniture.filter { $0.kind == .pageDate }.map(\.text))
        let editors = AuthorExtractor.pageEditors(furniture.filter { $0.kind == .pageCredit }.map(\.text))
        for k in articles.indices {
            // Kept for the corpus's life: without the room appending left them (`exactlySized`).
            articles[k].regions = regions.regions(creditTexts[k] + [texts[k]], candidates: creditCandidates[k] + [textCandidates[k]], context: context).exactlySized()
            articles[k].figures = FigureExtractor.figures(texts[k]).exactlySized()
            articles[k].dates = DateExtractor.dates(texts[k], documentYear: year).exactlySized()
            articles[k].authors = AuthorExtractor.authors(byline: articles[k].byline, credits: articles[k].credits, editors: editors).exactlySized()
        }
    }
}
