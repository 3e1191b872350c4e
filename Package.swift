// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "CorpusExplorer",
    products: [
        .executable(name: "explorer", targets: ["Explorer"]),
        .library(name: "Query", targets: ["Query"]),
    ],
    targets: [
        // libedit, through pkg-config; `make run`/`make test` install libedit-dev when missing.
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The data note travels with the embedded gazetteer; it is documentation, not a resource.
        // glibc's memmem for substring search (Swift's Glibc module does not export it).
        .target(name: "CStringSearch"),
        // Regular expressions are verified through ICU's C API, from the ICU the toolchain ships
        // for Foundation (`_FoundationICU`): no system ICU is needed.
        .target(
            name: "Query", dependencies: ["CStringSearch"], exclude: ["Extract/Data/SOURCES.md"],
            linkerSettings: [.linkedLibrary("_FoundationICU")]
        ),
        .executableTarget(
            name: "Explorer",
            dependencies: ["Query", "CEdit"]
        ),
        .testTarget(
            name: "QueryTests",
            dependencies: ["Query"]
        ),
        .testTarget(
            name: "ExplorerTests",
            dependencies: ["Query"]
        ),
    ]
)
