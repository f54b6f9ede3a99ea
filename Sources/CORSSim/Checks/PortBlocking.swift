/// Port blocking (https://fetch.spec.whatwg.org/#port-blocking): an http(s) URL whose port is on
/// the engine's list is a network error before anything is sent, on the first request and on
/// every redirect hop, whatever the mode. The lists are the engines' (each profile cites its
/// source and the recordings `Tests/Conformance/port-blocking-*`).
public struct PortBlockingRules: Sendable, Hashable {
    /// The ports refused for http: and https: URLs, ascending.
    public let ports: [UInt16]

    /// Every field is stated: a profile cannot leave one to a default.
    public init(ports: Set<UInt16>) {
        self.ports = ports.sorted()
    }

    /// The Fetch Standard's bad ports (https://fetch.spec.whatwg.org/#bad-port).
    public static let fetchStandardBadPorts: Set<UInt16> = [
        0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
        103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
        512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
        995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
        6669, 6679, 6697, 10080,
    ]

    /// Whether a request to `url` is blocked: its port (the scheme's default when the URL gives
    /// none) is on the list. Only http(s) URLs reach here.
    public func blocks(_ url: FetchURL) -> Bool {
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        guard let p = UInt16(exactly: port) else { return false }
        var low = 0, high = ports.count
        while low < high {
            let mid = (low + high) / 2
            if ports[mid] < p { low = mid + 1 } else { high = mid }
        }
        return low < ports.count && ports[low] == p
    }
}
