extension LayeredKey {
    /// The merged value named `name` and the layer it comes from (0 is the base hive), or `nil` when absent or
    /// deleted by a tombstone: the same answer as ``value(named:)``, with its provenance.
    public func valueAndLayer(named name: String) throws(HiveError) -> (value: HiveValue, layer: Int)? {
        for entry in valueSources {
            if let value = try entry.key.value(named: name) {
                return value.isTombstone && entry.honoursLayering ? nil : (value, entry.layer)
            }
        }
        return nil
    }
}
