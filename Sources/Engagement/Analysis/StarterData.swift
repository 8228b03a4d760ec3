import Foundation

/// The hand-written, synthetic data shipped with Parley (`Resources/content-analysis`): a training set for
/// the starter models and a separate evaluation set that is never trained on.
public enum StarterData {
    public static func training() throws -> [TrainingExample] {
        try read("starter-training.jsonl")
    }

    public static func evaluation() throws -> [TrainingExample] {
        try read("evaluation.jsonl")
    }

    /// Where a bundled file is, for tools that want the path.
    public static func url(_ name: String) -> URL? {
        Bundle.module.url(forResource: "content-analysis", withExtension: nil)?.appendingPathComponent(name)
    }

    private static func read(_ name: String) throws -> [TrainingExample] {
        guard let url = url(name), let data = try? Data(contentsOf: url) else {
            throw TrainingDataError(source: name, line: 0, problem: "the bundled file is missing from Parley's resources")
        }
        return try TrainingExample.decodeJSONL(data, source: name)
    }
}
