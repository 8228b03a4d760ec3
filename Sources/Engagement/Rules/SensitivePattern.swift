/// Built-in detectors for numbers agents should not see in full. They scan the folded text in one linear
/// pass (no regular expression, so no time bound is needed) and check the number's own check digits, so an
/// order or tracking number of the same length is left alone.
public enum SensitivePattern: String, Sendable, Hashable, CaseIterable, Codable {
    /// A payment card number: 13–19 digits, optionally in groups separated by single spaces or dashes,
    /// passing the Luhn check.
    case paymentCard = "payment_card"
    /// An IBAN: country letters, two check digits and up to 30 letters or digits, optionally in groups
    /// separated by single spaces, passing the ISO 7064 mod-97 check.
    case iban

    /// Where the pattern occurs in `folded`, as UTF-8 offsets.
    func occurrences(in folded: String) -> [Range<Int>] {
        let bytes = Array(folded.utf8)
        switch self {
        case .paymentCard: return Self.cards(in: bytes)
        case .iban: return Self.ibans(in: bytes)
        }
    }

    /// A run of letters or digits and where it stands.
    private struct Group {
        var range: Range<Int>
        var characters: ArraySlice<UInt8>
    }

    private static func cards(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        forEachRun(in: bytes, separators: [0x20, 0x2D], startsAt: isDigit, continuesWith: isDigit) { groups in
            found += validWindows(of: groups, lengths: 13...19, isValid: luhnIsValid)
        }
        return found
    }

    private static func ibans(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        forEachRun(in: bytes, separators: [0x20], startsAt: isLetter, continuesWith: isAlphanumeric) { groups in
            found += validWindows(of: groups, lengths: 15...34, isValid: ibanIsValid)
        }
        return found
    }

    /// From left to right, the longest runs of whole consecutive groups whose characters, joined, have a
    /// length in `lengths` and pass `isValid`. Groups of a longer run are tried as separate numbers, so a
    /// card followed by an expiry date (`4111 1111 1111 1111 12 27`) is still found.
    private static func validWindows(of groups: [Group], lengths: ClosedRange<Int>, isValid: ([UInt8]) -> Bool) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var first = 0
        while first < groups.count {
            var characters: [UInt8] = []
            var matchedLast: Int?
            for last in first..<groups.count {
                characters += groups[last].characters
                if characters.count > lengths.upperBound { break }
                if lengths.contains(characters.count), isValid(characters) { matchedLast = last }
            }
            if let last = matchedLast {
                found.append(groups[first].range.lowerBound..<groups[last].range.upperBound)
                first = last + 1
            } else {
                first += 1
            }
        }
        return found
    }

    /// Calls `body` with each run of groups — characters satisfying `continuesWith`, separated by single
    /// `separators` — that starts with a character satisfying `startsAt` and does not stand inside a word.
    private static func forEachRun(
        in bytes: [UInt8], separators: Set<UInt8>, startsAt: (UInt8) -> Bool, continuesWith: (UInt8) -> Bool,
        _ body: ([Group]) -> Void
    ) {
        var index = 0
        while index < bytes.count {
            guard startsAt(bytes[index]), index == 0 || !isWordByte(bytes[index - 1]) else {
                index += 1
                continue
            }
            var groups: [Group] = []
            var start = index
            while true {
                var end = start
                while end < bytes.count, continuesWith(bytes[end]) { end += 1 }
                groups.append(Group(range: start..<end, characters: bytes[start..<end]))
                guard end + 1 < bytes.count, separators.contains(bytes[end]), continuesWith(bytes[end + 1]) else {
                    index = end
                    break
                }
                start = end + 1
            }
            body(groups)
            index = max(index, groups[0].range.upperBound) + 1
        }
    }

    static func luhnIsValid(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit - 0x30)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    static func ibanIsValid(_ characters: [UInt8]) -> Bool {
        guard characters.count >= 15, isLetter(characters[0]), isLetter(characters[1]),
            isDigit(characters[2]), isDigit(characters[3])
        else { return false }
        var remainder = 0
        for character in characters[4...] + characters[..<4] {
            let value = isDigit(character) ? Int(character - 0x30) : Int(lowercase(character) - 0x61) + 10
            remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97
        }
        return remainder == 1
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(lowercase(byte)) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    private static func lowercase(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
    /// ASCII letters, digits and `_`: a number glued to them is part of a word (`ref4111…`). Non-ASCII
    /// characters do not count, so a card right after an emoji or an accented word is still found.
    private static func isWordByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == 0x5F }
}
