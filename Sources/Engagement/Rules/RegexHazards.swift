/// Finds, before a pattern is ever run, the constructions that make a backtracking matcher take
/// exponential time: a repeated group that itself contains repetition (`(a+)+`, `(.*)*`, `(\w+\s?)+`) or
/// that repeats identical alternatives (`(a|a)*`).
///
/// A cheap, conservative scan — not a proof. It may reject a harmless pattern such as `(ab+c)+` (the
/// message says how to rewrite it: make the inner repetition possessive, `b++`, or the group atomic,
/// `(?>…)`); what it misses is still stopped by the time bound when it runs.
enum RegexHazards {
    /// A description of the first hazard in `pattern`, or nil.
    static func firstHazard(in pattern: String) -> String? {
        var scanner = Scanner(Array(pattern))
        return scanner.run()
    }

    /// A group being read: whether anything inside repeats, and its top-level alternatives so far.
    private struct Frame {
        var start: Int
        var isAtomic = false
        var containsRepetition = false
        var branchStart: Int
        var branches: [String] = []
    }

    private struct Scanner {
        let characters: [Character]
        var position = 0
        var frames: [Frame]

        init(_ characters: [Character]) {
            self.characters = characters
            frames = [Frame(start: -1, branchStart: 0)]
        }

        mutating func run() -> String? {
            while position < characters.count {
                let character = characters[position]
                switch character {
                case "\\":
                    skipEscape()
                    quantifierAfterAtom()
                case "[":
                    skipClass()
                    quantifierAfterAtom()
                case "(":
                    openGroup()
                case "|":
                    frames[frames.count - 1].branches.append(text(frames[frames.count - 1].branchStart..<position))
                    frames[frames.count - 1].branchStart = position + 1
                    position += 1
                case ")":
                    if let hazard = closeGroup() { return hazard }
                default:
                    position += 1
                    quantifierAfterAtom()
                }
            }
            return nil
        }

        private func text(_ range: Range<Int>) -> String {
            String(characters[max(0, range.lowerBound)..<min(characters.count, range.upperBound)])
        }

        private mutating func openGroup() {
            let start = position
            position += 1
            if position < characters.count, characters[position] == "?" {
                if position + 1 < characters.count, characters[position + 1] == "#" {  // a comment
                    while position < characters.count, characters[position] != ")" { position += 1 }
                    position += 1
                    return
                }
                let isAtomic = position + 1 < characters.count && characters[position + 1] == ">"
                skipGroupPrefix()
                frames.append(Frame(start: start, isAtomic: isAtomic, branchStart: position))
                return
            }
            frames.append(Frame(start: start, branchStart: position))
        }

        /// Moves past `?:`, `?>`, `?=`, `?!`, `?<=`, `?<!`, `?<name>` or `?i-m:` to the group's first alternative.
        private mutating func skipGroupPrefix() {
            position += 1  // the "?"
            guard position < characters.count else { return }
            switch characters[position] {
            case ":", ">", "=", "!":
                position += 1
            case "<":
                if position + 1 < characters.count, "=!".contains(characters[position + 1]) {
                    position += 2
                } else {
                    while position < characters.count, characters[position] != ">" { position += 1 }
                    position += 1
                }
            default:
                while position < characters.count, characters[position].isLetter || characters[position] == "-" { position += 1 }
                if position < characters.count, characters[position] == ":" { position += 1 }
            }
        }

        private mutating func closeGroup() -> String? {
            guard frames.count > 1 else {
                position += 1
                return nil
            }
            var group = frames.removeLast()
            group.branches.append(text(group.branchStart..<position))
            position += 1
            let quantifier = readQuantifier()
            let repeats = quantifier?.repeats ?? false
            if repeats, quantifier?.isPossessive == false, !group.isAtomic {
                let shown = text(group.start..<position)
                if group.containsRepetition {
                    return "nested repetition '\(shown)' can take exponential time on some texts; "
                        + "make the inner repetition possessive ('a++') or the group atomic ('(?>…)'), or remove one repetition"
                }
                if Set(group.branches).count < group.branches.count {
                    return "repeated group '\(shown)' has identical alternatives and can take exponential time; remove the duplicates"
                }
            }
            if group.containsRepetition || repeats { frames[frames.count - 1].containsRepetition = true }
            return nil
        }

        private mutating func quantifierAfterAtom() {
            if let quantifier = readQuantifier(), quantifier.repeats, !quantifier.isPossessive {
                frames[frames.count - 1].containsRepetition = true
            }
        }

        /// Reads `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}` and a lazy/possessive suffix at the position.
        private mutating func readQuantifier() -> (repeats: Bool, isPossessive: Bool)? {
            guard position < characters.count else { return nil }
            var repeats: Bool
            switch characters[position] {
            case "*", "+":
                repeats = true
                position += 1
            case "?":
                repeats = false
                position += 1
            case "{":
                guard let close = characters[position...].firstIndex(of: "}") else { return nil }
                let body = String(characters[(position + 1)..<close])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), parts.allSatisfy({ $0.isEmpty || Int($0) != nil }) else { return nil }
                repeats = parts.count == 2 && (Int(parts[1]).map { $0 > 10 } ?? true)
                position = close + 1
            default:
                return nil
            }
            var isPossessive = false
            if position < characters.count, characters[position] == "+" {
                isPossessive = true
                position += 1
            } else if position < characters.count, characters[position] == "?" {
                position += 1
            }
            return (repeats, isPossessive)
        }

        private mutating func skipEscape() {
            position += 1
            guard position < characters.count else { return }
            let kind = characters[position]
            position += 1
            if kind == "Q" {  // literal text up to \E
                while position + 1 < characters.count, !(characters[position] == "\\" && characters[position + 1] == "E") { position += 1 }
                position = min(characters.count, position + 2)
            } else if "pPNxu".contains(kind), position < characters.count, characters[position] == "{" {
                while position < characters.count, characters[position] != "}" { position += 1 }
                position += 1
            }
        }

        private mutating func skipClass() {
            position += 1
            var depth = 1
            if position < characters.count, characters[position] == "^" { position += 1 }
            if position < characters.count, characters[position] == "]" { position += 1 }
            while position < characters.count, depth > 0 {
                switch characters[position] {
                case "\\": position += 1
                case "[": depth += 1
                case "]": depth -= 1
                default: break
                }
                position += 1
            }
        }
    }
}
