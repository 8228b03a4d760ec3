import App
import ArgumentParser
import Crypto
import Foundation
import Storage
import StoragePostgres

/// Moves a deployment from its SQLite file to PostgreSQL. The stores do the reading and the all-or-nothing
/// writing (`SQLiteExport`, `PostgresStore.importDeployment`); this command checks the copy before it commits:
/// every table's row count and a SHA-256 over its rows, read back from both databases in primary-key order.
struct MigrateData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy a deployment's whole database from SQLite into an empty PostgreSQL database, verified.",
        discussion: """
            Stop Parley first. The SQLite file is only read. The PostgreSQL database (or the URL's ?schema=NAME) must \
            not hold a deployment yet: it is migrated, then filled in one transaction that commits only if every \
            table's row count and checksum match the source's. Then run Parley with --db set to the same URL, and \
            the same data directory (secret.key, messenger.key, uploads/, media/).

            Example: parley migrate-data --from sqlite:/var/lib/parley/parley.sqlite \
            --to 'postgres://parley:secret@db.example.com:5432/parley?sslmode=verify-full'
            """)

    @Option(help: "The deployment to copy: sqlite:PATH, the path of its parley.sqlite.")
    var from: String

    @Option(help: "The empty target: postgres://user:password@host:port/database (?schema=NAME, ?sslmode=… as for --db).")
    var to: String

    /// `--from` without its `sqlite:` prefix.
    private var sourcePath: String? {
        guard from.hasPrefix("sqlite:"), from.count > "sqlite:".count else { return nil }
        return String(from.dropFirst("sqlite:".count))
    }

    func validate() throws {
        guard sourcePath != nil else {
            throw ValidationError("--from must be sqlite:PATH, the SQLite file of the deployment to copy (got '\(from)').")
        }
        guard DatabaseChoice.isPostgresURL(to) else {
            let shown = DatabaseChoice.postgres(url: to).redacted
            throw ValidationError("--to must be a postgres://user:password@host:port/database URL (got '\(shown)').")
        }
    }

    func run() async throws {
        let source = try SQLiteExport(path: sourcePath!)
        let target = try await PostgresStore.connect(url: to, migrate: false, logger: quietLogger())
        var report: [Check] = []
        do {
            let applied = try await target.importDeployment(from: source) { copy in
                report = try await Self.compare(source, copy)
                let mismatched = report.filter { !$0.matches }.map(\.name)
                guard mismatched.isEmpty else { throw VerificationFailed(tables: mismatched) }
            }
            await target.close()
            print(Self.render(report))
            let tables = report.filter(\.isTable)
            print("Copied \(tables.count) tables (\(tables.map(\.target).reduce(0, +)) rows) from \(from) into "
                + "\(DatabaseChoice.postgres(url: to).redacted); counts and checksums match; committed.")
            if !applied.isEmpty { print("Migrated the target first: \(applied.joined(separator: ", ")).") }
            print("Next: run Parley with --db set to that URL and the same data directory.")
        } catch let failure as VerificationFailed {
            await target.close()
            print(Self.render(report))
            throw failure
        } catch {
            await target.close()
            throw error
        }
    }

    /// Each table's count and checksum on both sides, then the counters new rows and events continue from.
    private static func compare(_ source: some TransferSource, _ copy: some TransferSource) async throws -> [Check] {
        var checks: [Check] = []
        for table in TransferSchema.tables {
            checks.append(.init(name: table.name, source: try await source.count(table), target: try await copy.count(table),
                                sourceDigest: try await checksum(table, in: source), targetDigest: try await checksum(table, in: copy)))
        }
        for table in TransferSchema.tables where table.serial != nil {
            checks.append(.init(name: "\(table.name).\(table.serial!)", source: try await source.serialHead(table),
                                target: try await copy.serialHead(table)))
        }
        checks.append(.init(name: "event_log_head", source: try await source.eventLogHead(), target: try await copy.eventLogHead()))
        return checks
    }

    /// SHA-256 over the table's rows in primary-key order, each value encoded canonically (booleans as 0/1, dates as
    /// epoch-second doubles, text as UTF-8 without U+0000, which PostgreSQL cannot store).
    private static func checksum(_ table: TransferTable, in store: some TransferSource) async throws -> String {
        var hash = SHA256()
        var bytes: [UInt8] = []
        try await store.forEachBatch(of: table) { batch in
            for row in batch {
                for value in row { value.appendCanonicalBytes(to: &bytes) }
                // Rows are self-delimiting (a fixed number of tagged values), so where the chunks end does not matter.
                if bytes.count >= 1 << 20 {
                    hash.update(data: bytes)
                    bytes.removeAll(keepingCapacity: true)
                }
            }
        }
        hash.update(data: bytes)
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The tables (rows and checksums), then the counters (their last values).
    private static func render(_ checks: [Check]) -> String {
        func line(_ cells: String...) -> String {
            zip(cells, [-22, 12, 12, -20, 0]).map { cell, width in
                width < 0 ? cell.padding(toLength: -width, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, width - cell.count)) + cell
            }.joined(separator: "  ")
        }
        var lines = [line("table", "source rows", "target rows", "sha-256", "check")]
        for check in checks where check.isTable {
            let digest = check.sourceDigest == check.targetDigest
                ? String(check.sourceDigest.prefix(16)) : "\(check.sourceDigest.prefix(8))≠\(check.targetDigest.prefix(8))"
            lines.append(line(check.name, "\(check.source)", "\(check.target)", digest, check.matches ? "OK" : "MISMATCH"))
        }
        lines.append(line("counter", "source last", "target last", "", ""))
        for check in checks where !check.isTable {
            lines.append(line(check.name, "\(check.source)", "\(check.target)", "", check.matches ? "OK" : "MISMATCH"))
        }
        return lines.joined(separator: "\n")
    }
}

/// One table (row counts and checksums) or one counter (a sequence's or the event log's last value) compared.
private struct Check {
    let name: String
    let source: Int64
    let target: Int64
    var sourceDigest = ""
    var targetDigest = ""

    init(name: String, source: Int, target: Int, sourceDigest: String, targetDigest: String) {
        (self.name, self.source, self.target) = (name, Int64(source), Int64(target))
        (self.sourceDigest, self.targetDigest) = (sourceDigest, targetDigest)
    }

    init(name: String, source: Int64, target: Int64) {
        (self.name, self.source, self.target) = (name, source, target)
    }

    var isTable: Bool { !sourceDigest.isEmpty }
    var matches: Bool { source == target && sourceDigest == targetDigest }
}

private struct VerificationFailed: Error, CustomStringConvertible {
    let tables: [String]

    var description: String {
        "the copy does not match the source in \(tables.joined(separator: ", ")); it was rolled back and nothing was written. "
            + "Please report this with the table above."
    }
}
