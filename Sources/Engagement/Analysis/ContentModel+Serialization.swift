import Crypto
import Foundation

extension ContentModel {
    /// Pretty JSON with sorted keys: the same model always gives the same bytes.
    public func jsonData() throws -> Data {
        try Self.encoder.encode(self)
    }

    /// Decodes a stored model and checks that it is whole: its classes match its kind, every weight row has
    /// one value per class, and its version matches its content (a hand-edited or truncated file is refused).
    public static func decode(_ data: Data) throws -> ContentModel {
        let model: ContentModel
        do {
            model = try JSONDecoder().decode(ContentModel.self, from: data)
        } catch {
            throw ContentModelError.corrupt(detail: "not a content model: \(error)")
        }
        guard model.classes == model.kind.classes else {
            throw ContentModelError.corrupt(
                detail: "a \(model.kind.rawValue) model must have the classes \(model.kind.classes), not \(model.classes)")
        }
        if case .logisticRegression(let regression) = model.classifier,
            regression.bias.count != model.classes.count || regression.weights.values.contains(where: { $0.count != model.classes.count })
        {
            throw ContentModelError.corrupt(detail: "every weight row needs one value per class (\(model.classes.count))")
        }
        if case .naiveBayes(let bayes) = model.classifier, bayes.documents.count != model.classes.count {
            throw ContentModelError.corrupt(detail: "naive Bayes needs one document count per class (\(model.classes.count))")
        }
        let expected = try model.contentVersion()
        guard expected == model.version else {
            throw ContentModelError.corrupt(detail: "version \(model.version) does not match the content (\(expected)); the file was changed")
        }
        return model
    }

    /// The first 16 hex digits of a SHA-256 over everything but `version` and `trainedAt`: the other metadata
    /// as sorted-key JSON, then the classifier's parameters in sorted feature order as exact bit patterns
    /// (hashing them directly is much faster than encoding a large model to JSON first).
    func contentVersion() throws -> String {
        var hash = SHA256()
        let header = VersionHeader(
            kind: kind, trainingDataHash: trainingDataHash, trainingExamples: trainingExamples, seed: seed, features: features,
            settings: settings, classes: classes, crossValidation: crossValidation)
        hash.update(data: try Self.encoder.encode(header))
        switch classifier {
        case .naiveBayes(let model):
            Self.feed(&hash, "naiveBayes", [model.alpha] + model.documents.map(Double.init))
            for name in model.counts.keys.sorted() { Self.feed(&hash, name, model.counts[name]!) }
        case .logisticRegression(let model):
            Self.feed(&hash, "logisticRegression", model.bias)
            for name in model.weights.keys.sorted() { Self.feed(&hash, name, model.weights[name]!) }
        }
        return String(Self.hex(hash.finalize()).prefix(16))
    }

    private struct VersionHeader: Encodable {
        var kind: ContentModelKind
        var trainingDataHash: String
        var trainingExamples: Int
        var seed: UInt64
        var features: FeatureOptions
        var settings: ClassifierSettings
        var classes: [String]
        var crossValidation: ClassificationMetrics?
    }

    private static func feed(_ hash: inout SHA256, _ name: String, _ values: [Double]) {
        hash.update(data: Data(name.utf8) + [0])
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        hash.update(data: bytes)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
