/// JSON Lines for articles: the `explorer extract` contract. Written by hand rather than with
/// `JSONEncoder`, to keep the key order of the contract and to stream 100 MB without a tree.
public enum ArticleJSON {
    public static func line(_ a: Article) -> String {
        var o = JSONObject()
        o.add("id", a.id)
        o.add("doc", a.doc)
        o.add("title", a.title)
        o.add("title_derived", a.titleDerived)
        o.add("subtitle", a.subtitle)
        o.add("column", a.column)
        o.add("byline", a.byline)
        o.addRaw("credits", "[" + a.credits.map { c in
            var x = JSONObject(); x.add("kind", c.kind.rawValue); x.add("text", c.text); return x.close()
        }.joined(separator: ",") + "]")
        o.add("continued", a.continued)
        o.addRaw("lines", "[\(a.firstLine),\(a.lastLine)]")
        o.add("text", a.text)
        o.addRaw("authors", "[" + a.authors.map { au in
            var x = JSONObject(); x.add("name", au.name); x.add("role", au.role)
            if let aff = au.affiliation { x.add("affiliation", aff) }
            return x.close()
        }.joined(separator: ",") + "]")
        o.addRaw("regions", "[" + a.regions.map { r in
            var x = JSONObject(); x.add("name", r.name); x.add("code", r.code); x.add("path", r.path); return x.close()
        }.joined(separator: ",") + "]")
        o.addRaw("figures", "[" + a.figures.map { f in
            var x = JSONObject(); x.add("text", f.text); x.addRaw("value", number(f.value)); x.add("unit", f.unit)
            x.add("qualifier", f.qualifier); x.addRaw("start", "\(f.start)"); x.addRaw("end", "\(f.end)")
            x.add("kind", f.kind); x.add("thing", f.thing); return x.close()
        }.joined(separator: ",") + "]")
        o.addRaw("dates", "[" + a.dates.map { d in
            var x = JSONObject(); x.add("text", d.text); x.add("iso", d.iso)
            x.addRaw("start", "\(d.start)"); x.addRaw("end", "\(d.end)"); x.add("year_inferred", d.yearInferred); return x.close()
        }.joined(separator: ",") + "]")
        return o.close()
    }

    public static func number(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.isFinite ? "\(v)" : "null"
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }
}

struct JSONObject {
    private var s = "{"
    private var first = true

    private mutating func key(_ k: String) {
        if !first { s += "," }
        first = false
        s += ArticleJSON.quote(k) + ":"
    }
    mutating func add(_ k: String, _ v: String) { key(k); s += ArticleJSON.quote(v) }
    mutating func add(_ k: String, _ v: String?) { key(k); s += v.map(ArticleJSON.quote) ?? "null" }
    mutating func add(_ k: String, _ v: Bool) { key(k); s += v ? "true" : "false" }
    mutating func add(_ k: String, _ v: [String]) { key(k); s += "[" + v.map(ArticleJSON.quote).joined(separator: ",") + "]" }
    mutating func addRaw(_ k: String, _ raw: String) { key(k); s += raw }
    mutating func close() -> String { s + "}" }
}
