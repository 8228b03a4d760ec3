/// Id → slot, for the engine's interactions: a dictionary whose removals leave a vacated mark (-1) instead of
/// deleting the key. Deleting from a large `Dictionary` shifts the keys behind it back and hashes each of them
/// again (strings, every time an interaction closes); marking costs one lookup. Vacated keys are dropped in one
/// pass when they outnumber the live ones, and an id that comes back reuses its mark.
struct SlotMap<Key: Hashable & Sendable>: Sendable {
    private var storage: [Key: Int] = [:]
    private var vacated = 0

    /// Live entries.
    var count: Int { storage.count - vacated }

    var keys: [Key] { storage.compactMap { $0.value >= 0 ? $0.key : nil } }

    subscript(key: Key) -> Int? {
        get {
            guard let slot = storage[key], slot >= 0 else { return nil }
            return slot
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            precondition(newValue >= 0, "slots are not negative")
            if let old = storage.updateValue(newValue, forKey: key), old < 0 { vacated -= 1 }
        }
    }

    /// Removes the key's entry (by marking it) and returns its slot.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Int? {
        guard let index = storage.index(forKey: key) else { return nil }
        let slot = storage.values[index]
        guard slot >= 0 else { return nil }
        storage.values[index] = -1
        vacated += 1
        if vacated > 1024 && vacated > storage.count / 2 {
            storage = storage.filter { $0.value >= 0 }
            vacated = 0
        }
        return slot
    }
}
