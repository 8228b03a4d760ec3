import Foundation

/// Model versions kept as files: `<directory>/<kind>/<version>.json`, with the selected version of each kind
/// named in `<directory>/<kind>/active`. Files are written atomically; versions are never overwritten with
/// different content because the version is the content's hash.
public struct ContentModelStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Writes the model's version file (not selecting it) and returns where.
    @discardableResult
    public func save(_ model: ContentModel) throws -> URL {
        let folder = directory.appendingPathComponent(model.kind.rawValue, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(model.version).json")
        try model.jsonData().write(to: file, options: .atomic)
        return file
    }

    /// The stored versions of a kind, sorted.
    public func versions(of kind: ContentModelKind) -> [String] {
        let folder = directory.appendingPathComponent(kind.rawValue, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The selected version of a kind; nil when none is selected.
    public func activeVersion(of kind: ContentModelKind) -> String? {
        guard let data = FileManager.default.contents(atPath: activeFile(kind).path) else { return nil }
        let version = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return version.isEmpty ? nil : version
    }

    /// Selects a stored version, after checking that it loads.
    public func activate(_ kind: ContentModelKind, version: String) throws {
        guard versions(of: kind).contains(version) else {
            throw ContentModelError.unknownVersion(kind: kind, version: version, directory: directory.path)
        }
        _ = try load(kind, version: version)
        try Data((version + "\n").utf8).write(to: activeFile(kind), options: .atomic)
    }

    public func load(_ kind: ContentModelKind, version: String) throws -> ContentModel {
        let file = directory.appendingPathComponent(kind.rawValue, isDirectory: true).appendingPathComponent("\(version).json")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ContentModelError.unreadable(path: file.path, detail: "\(error.localizedDescription)")
        }
        let model: ContentModel
        do {
            model = try ContentModel.decode(data)
        } catch let ContentModelError.corrupt(detail) {
            throw ContentModelError.corruptFile(path: file.path, detail: detail)
        }
        guard model.kind == kind, model.version == version else {
            throw ContentModelError.corruptFile(
                path: file.path, detail: "it holds the \(model.kind.rawValue) model \(model.version), not \(kind.rawValue) \(version)")
        }
        return model
    }

    /// The selected model of a kind.
    public func loadActive(_ kind: ContentModelKind) throws -> ContentModel {
        guard let version = activeVersion(of: kind) else {
            throw ContentModelError.noActiveModel(kind: kind, directory: directory.path)
        }
        return try load(kind, version: version)
    }

    private func activeFile(_ kind: ContentModelKind) -> URL {
        directory.appendingPathComponent(kind.rawValue, isDirectory: true).appendingPathComponent("active")
    }
}
