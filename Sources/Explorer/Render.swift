import Foundation
import Query

/// Output formats of query results.
enum Format: String, CaseIterable {
    case table, kwic, json, csv
}

/// Renders a `QueryResult` as text. Columns are aligned by display width (a Hanzi is two
/// columns); matches are highlighted with ANSI colour only when `color` is on.
struct Renderer {
    let engine: QueryEngine
    var format: Format = .table
    var color = false
    /// At most this many article rows in a table (the REPL caps; `-c` does not).
    var cap: Int?

    var articles: [Article] { engine.index.articles }

    func render(_ r: QueryResult) -> String {
        if let counts = r.counts { return renderCounts(counts, key: r.countKey!, total: r.countsTotal) }
        if r.showFigures { return renderFigures(r) }
        switch format {
        case .json: return r.articles.map { json($0, r) }.joined()
        case .csv: return csv(r)
        case .kwic: return kwic(r, width: r.kwic ?? 20)
        case .table: return r.kwic != nil ? kwic(r, width: r.kwic!) : table(r)
        }
    }

    func table(_ r: QueryResult) -> String {
        let shown = cap.map { Array(r.articles.prefix($0)) } ?? r.articles
        let idWidth = max(2, shown.map { DisplayWidth.of(articles[$0].id) }.max() ?? 2)
        var out = ""
        if !shown.isEmpty {
            out += DisplayWidth.fit("ID", idWidth) + "  " + DisplayWidth.fit("TITLE", 50) + "  REGIONS\n"
        }
        for id in shown {
            let a = articles[id]
            let regions = a.regions.prefix(3).map(\.name).joined(separator: " ")
            var title = DisplayWidth.fit(a.title, 50)
            if color { title = highlight(title, terms: r.pipeline.filter.positiveTexts) }
            out += DisplayWidth.fit(a.id, idWidth) + "  " + title + "  " + regions + "\n"
        }
        out += summary(r, shown: shown.count)
        return out
    }

    func summary(_ r: QueryResult, shown: Int) -> String {
        var s = "\(r.total) article\(r.total == 1 ? "" : "s")"
        if r.articles.count < r.total { s += " (\(r.articles.count) after limit)" }
        if shown < r.articles.count { s += "; \(r.articles.count - shown) more not shown (add | limit N, or .format json)" }
        return s + "\n"
    }

    func kwic(_ r: QueryResult, width: Int) -> String {
        var out = ""
        // Capped (at the prompt), only the articles that can be shown are read: reading every
        // result's text for its lines took most of a second for 48,000 articles at 500 MB.
        let maxLines = cap.map { $0 * 5 }
        let candidates = maxLines.map { Array(r.articles.prefix($0)) } ?? r.articles
        let idWidth = max(2, candidates.map { DisplayWidth.of(articles[$0].id) }.max() ?? 2)
        var lines = 0
        for id in candidates {
            if let maxLines, lines >= maxLines { break }
            let scalars = Array(articles[id].text.unicodeScalars)
            for m in engine.matches(r.pipeline.filter, in: id) {
                if let maxLines, lines >= maxLines { break }
                let left = flat(scalars[max(0, m.lowerBound - width)..<m.lowerBound])
                let hit = flat(scalars[m])
                let right = flat(scalars[m.upperBound..<min(scalars.count, m.upperBound + width)])
                let pad = String(repeating: " ", count: max(0, width * 2 - DisplayWidth.of(left)))
                let shownHit = color ? "\u{1B}[1;31m" + hit + "\u{1B}[0m" : "[" + hit + "]"
                out += DisplayWidth.fit(articles[id].id, idWidth) + "  " + pad + left + shownHit + right + "\n"
                lines += 1
            }
        }
        return out + summary(r, shown: r.articles.count)
    }

    func flat(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var v = String.UnicodeScalarView()
        for u in s { v.append(u == "\n" ? " " : u) }
        return String(v)
    }

    /// A group's name as a table shows it: a figure without a unit (300亿) is the group
    /// "(no unit)", not a blank row. JSON and CSV keep the empty key, as data.
    static func label(_ name: String, _ key: Stage.Key) -> String { name.isEmpty ? "(no \(key.rawValue))" : name }

    func renderCounts(_ counts: [(key: String, count: Int)], key: Stage.Key, total: Int) -> String {
        switch format {
        case .json:
            return counts.map { "{\"\(key.rawValue)\":\(ArticleJSON.quote($0.key)),\"count\":\($0.count)}\n" }.joined()
        case .csv:
            return "\(key.rawValue),count\n" + counts.map { csvField($0.key) + ",\($0.count)\n" }.joined()
        default:
            // Capped at the prompt as article tables are: 15,000 documents are a scroll, not a
            // page (and took 13 ms to lay out at 500 MB).
            let shown = (cap.map { Array(counts.prefix($0)) } ?? counts).map { (key: Renderer.label($0.key, key), count: $0.count) }
            let w = max(DisplayWidth.of(key.rawValue.uppercased()), shown.map { DisplayWidth.of($0.key) }.max() ?? 0)
            var out = DisplayWidth.fit(key.rawValue.uppercased(), w) + "  ARTICLES\n"
            for c in shown { out += DisplayWidth.fit(c.key, w) + "  " + String(c.count) + "\n" }
            out += "\(total) \(key.rawValue)\(total == 1 ? "" : "s")" + (counts.count < total ? " (\(counts.count) after limit)" : "")
            if shown.count < counts.count { out += "; \(counts.count - shown.count) more not shown (.limit 0 shows every row, or .format csv)" }
            return out + "\n"
        }
    }

    func renderFigures(_ r: QueryResult) -> String {
        let terms = r.pipeline.filter.figureTerms
        var rows: [(Article, Figure)] = []
        for id in r.articles {
            for f in articles[id].figures where terms.isEmpty || terms.contains(where: { $0.accepts(f) }) {
                rows.append((articles[id], f))
            }
        }
        switch format {
        case .json:
            return rows.map { a, f in
                "{\"id\":\(ArticleJSON.quote(a.id)),\"text\":\(ArticleJSON.quote(f.text)),\"value\":\(ArticleJSON.number(f.value)),\"unit\":\(ArticleJSON.quote(f.unit)),\"qualifier\":\(f.qualifier.map(ArticleJSON.quote) ?? "null"),\"context\":\(ArticleJSON.quote(context(a, f)))}\n"
            }.joined()
        case .csv:
            return "id,text,value,unit,qualifier,context\n" + rows.map { a, f in
                [a.id, f.text, ArticleJSON.number(f.value), f.unit, f.qualifier ?? "", context(a, f)].map(csvField).joined(separator: ",") + "\n"
            }.joined()
        default:
            let idW = max(2, rows.map { DisplayWidth.of($0.0.id) }.max() ?? 2)
            let fW = max(6, rows.map { DisplayWidth.of($0.1.text) }.max() ?? 6)
            var out = DisplayWidth.fit("ID", idW) + "  " + DisplayWidth.fit("FIGURE", fW) + "  " + DisplayWidth.fit("VALUE", 16) + "  CONTEXT\n"
            for (a, f) in rows {
                out += DisplayWidth.fit(a.id, idW) + "  " + DisplayWidth.fit(f.text, fW) + "  "
                    + DisplayWidth.fit(ArticleJSON.number(f.value) + " " + f.unit, 16) + "  " + context(a, f) + "\n"
            }
            return out + "\(rows.count) figure\(rows.count == 1 ? "" : "s") in \(r.articles.count) article\(r.articles.count == 1 ? "" : "s")\n"
        }
    }

    func context(_ a: Article, _ f: Figure) -> String {
        let s = Array(a.text.unicodeScalars)
        return flat(s[max(0, f.start - 12)..<min(s.count, f.end + 12)])
    }

    func json(_ id: Int, _ r: QueryResult) -> String {
        var line = ArticleJSON.line(articles[id])
        line.removeLast()
        let spans = engine.matches(r.pipeline.filter, in: id).map { "[\($0.lowerBound),\($0.upperBound)]" }
        return line + ",\"matches\":[" + spans.joined(separator: ",") + "]}\n"
    }

    func csv(_ r: QueryResult) -> String {
        var out = "id,doc,title,regions,authors,figures\n"
        for id in r.articles {
            let a = articles[id]
            out += [a.id, a.doc, a.title, a.regions.map(\.name).joined(separator: " "),
                    a.authors.map { $0.name.isEmpty ? $0.role : $0.name }.joined(separator: " "), String(a.figures.count)]
                .map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    func highlight(_ s: String, terms: [String]) -> String {
        var out = s
        for t in terms where !t.isEmpty { out = out.replacingOccurrences(of: t, with: "\u{1B}[1;31m" + t + "\u{1B}[0m") }
        return out
    }
}
