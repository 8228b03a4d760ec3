/// Why a content model could not be trained, stored or loaded. Each message says what to do.
public enum ContentModelError: Error, CustomStringConvertible, Sendable {
    case notEnoughData(kind: ContentModelKind, detail: String)
    case noActiveModel(kind: ContentModelKind, directory: String)
    case unreadable(path: String, detail: String)
    case corrupt(detail: String)
    case corruptFile(path: String, detail: String)
    case unknownVersion(kind: ContentModelKind, version: String, directory: String)

    public var description: String {
        switch self {
        case .notEnoughData(let kind, let detail):
            "cannot train the \(kind.rawValue) model: \(detail)"
        case .noActiveModel(let kind, let directory):
            "no active \(kind.rawValue) model in \(directory); run `parley analyze train --out \(directory)`"
        case .unreadable(let path, let detail):
            "cannot read the model file \(path): \(detail)"
        case .corrupt(let detail):
            "corrupt content model: \(detail)"
        case .corruptFile(let path, let detail):
            "corrupt content model \(path): \(detail); retrain it or select another version"
        case .unknownVersion(let kind, let version, let directory):
            "there is no \(kind.rawValue) model version \(version) in \(directory)"
        }
    }
}
