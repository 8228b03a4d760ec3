/// Reading one field of an interaction where it lies. `itemTable[item]?.field` copies the whole optional element
/// first (an array's getter returns a copy, retaining the interaction's strings and set), which showed up as a
/// sixth of the routing path's instructions; through the buffer only the field is loaded.
extension Array where Element == InteractionState? {
    /// The field of the interaction in `slot`, or nil when the slot is free.
    @inline(__always)
    func field<T>(_ slot: Int, _ read: (InteractionState) -> T) -> T? {
        withUnsafeBufferPointer { $0[slot].map(read) }
    }
}
