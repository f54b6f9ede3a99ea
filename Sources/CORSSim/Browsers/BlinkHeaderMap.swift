/// The order in which Chromium's network service sees a `fetch()` request's headers, which decides
/// the refused header a failed preflight names ("Request header field X is not allowed by
/// Access-Control-Allow-Headers in preflight response.").
///
/// The whole path, as read in Chromium's source (the revisions behind Chromium 156) and checked
/// against every recorded Chromium request (see `blinkRequestHeaderOrder`):
///
/// 1. `fetch_manager.cc` PerformHTTPFetch copies the request's FetchHeaderList into the Blink
///    `ResourceRequest` with `AddHttpHeaderField`, in `FetchHeaderList::List()` order:
///    `fetch_header_list.h` keeps a `std::multimap` ordered by `ByteCaseInsensitiveCompare`
///    (`CodeUnitCompareIgnoringASCIICaseLessThan`), i.e. by ASCII-lower-cased name.
/// 2. `frame_fetch_context.cc` UpgradeResourceRequestForLoader then AddClientHintsIfNecessary sets
///    `Sec-CH-UA`, `Sec-CH-UA-Mobile`, `Sec-CH-UA-Platform` (the hints sent by default) when
///    `ClientHintsPreferences::IsClientHintsAllowed(url)` (a potentially trustworthy http(s) URL);
///    PrepareRequest then sets `User-Agent` (`SetHTTPUserAgent`).
/// 3. Those are entries of `HTTPHeaderMap` (`http_header_map.h`): a WTF `HashMap<AtomicString,
///    AtomicString, CaseFoldingHashTraits<AtomicString>>`, modelled by `BlinkHeaderMap`.
/// 4. `request_conversion.cc` PopulateResourceRequest iterates that map (slot order) into
///    `network::ResourceRequest::headers` with `SetHeader` (a vector, appended in that order), then
///    `SetAcceptHeader` appends `Accept` when the script set none.
/// 5. `preflight_result.cc` EnsureAllowedCrossOriginHeaders reports the first name of
///    `cors.cc` CorsUnsafeNotForbiddenRequestHeaderNames that the preflight does not allow; that
///    list keeps the vector's order, with the CORS-safelisted names (unsafe only because their values
///    exceed the 1,024-byte budget) after all the others.
enum BlinkRequestHeaderOrder {
    /// The client hints Blink sets on every request to a URL where client hints are allowed, in the
    /// order `frame_fetch_context.cc` AddClientHintsIfNecessary sets them (kUA, kUAMobile, then
    /// kUAPlatform; the others are not sent by default). Recorded: every Chromium 156 request to
    /// `http://127.0.0.1`, `http://localhost` and `https:` carries them; to `http://api.example`
    /// none does (Tests/Conformance/recordings/chromium).
    ///
    /// SIMULATION: only these three, as for a page with script enabled, the default Permissions
    /// Policy and no `Accept-CH` opt-in (the pages the recorder loads); more hints would be more keys
    /// in the map and could move the others.
    static let defaultClientHints = ["sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform"]
    /// `frame_fetch_context.cc` PrepareRequest: `request.SetHTTPUserAgent(...)`, after the client hints
    /// (it reads `Sec-CH-UA-Reduced` from the request first).
    static let userAgent = "user-agent"

    /// The names of `network::ResourceRequest::headers` as Blink fills it for a `fetch()` whose
    /// header list (after the Headers guard, repeated names combined, the body's Content-Type
    /// included) has `names`, lower-cased, in vector order. `clientHints`: whether the URL gets the
    /// default client hints.
    static func vector(names: [String], clientHints: Bool) -> [String] {
        var map = BlinkHeaderMap()
        // FetchHeaderList::List(): ordered by ASCII-lower-cased name; equal names were combined.
        let sorted = Set(names.map { $0.lowercased() }).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for name in sorted { map.add(name) }
        if clientHints { for name in defaultClientHints { map.add(name) } }
        map.add(userAgent)
        return map.names
    }
}

/// A model of WTF's open-addressing `HashTable` as `HTTPHeaderMap` uses it
/// (`third_party/blink/renderer/platform/wtf/hash_table.h`, PartitionAllocator, no deletions):
/// keys in the slots their case-folded hash and triangular probing give them, iterated in slot order.
/// Keys are header names, lower-cased (the map compares and hashes them case-insensitively).
struct BlinkHeaderMap: Sendable, Hashable {
    /// `hash_traits.h` GenericHashTraitsBase: `kMinimumTableSize = 8` (without a memory tool), the
    /// size of the first table (`HashTable::Expand` from an empty table).
    static let minimumTableSize = 8
    /// `hash_table.h`: `kMaxLoad = 2`; `ShouldExpand()` is `(key_count_ + deleted_count_) * kMaxLoad >=
    /// table_size_`, checked after each insertion.
    static let maxLoad = 2
    /// `hash_table.h`: `kMinLoad = 6`; `Expand` rehashes at the same size instead of doubling when
    /// `MustRehashInPlace()`, `key_count_ * kMinLoad < table_size_ * 2` (only after deletions).
    static let minLoad = 6

    /// The slots; nil is an empty bucket.
    private(set) var slots: [String?] = []
    private var keyCount = 0

    /// The keys in iteration order (`HashTableConstIterator` walks the table from slot 0, skipping
    /// empty buckets).
    var names: [String] { slots.compactMap { $0 } }

    /// `HashMap::insert` / `Set` of a new key (a key already there in any case keeps its slot,
    /// `CaseFoldingHash::Equal`): `HashTable::insert`.
    mutating func add(_ name: String) {
        let key = name.lowercased()
        if slots.isEmpty { rehash(to: Self.minimumTableSize) }
        guard let slot = Self.probe(slots, key, stopAtEqual: true) else { return }
        slots[slot] = key
        keyCount += 1
        if keyCount * Self.maxLoad >= slots.count {
            rehash(to: keyCount * Self.minLoad < slots.count * 2 ? slots.count : slots.count * 2)
        }
    }

    /// `HashTable::RehashTo`: the old table's keys reinserted in slot order (`Reinsert`).
    private mutating func rehash(to size: Int) {
        var table = [String?](repeating: nil, count: size)
        for case let key? in slots {
            if let slot = Self.probe(table, key, stopAtEqual: false) { table[slot] = key }
        }
        slots = table
    }

    /// The bucket for `key`: `i = h & size_mask`, then `++probe_count; i = (i + probe_count) &
    /// size_mask` (`HashTable::insert`, `Reinsert`). nil when an equal key is already there.
    private static func probe(_ table: [String?], _ key: String, stopAtEqual: Bool) -> Int? {
        let mask = table.count - 1
        var i = Int(WTFCaseFoldingHash.hash(key) & UInt32(truncatingIfNeeded: mask))
        var probeCount = 0
        while let occupant = table[i] {
            if stopAtEqual, occupant == key { return nil }
            probeCount += 1
            i = (i + probeCount) & mask
        }
        return i
    }
}

/// `CaseFoldingHash::GetHash` for an 8-bit string (`third_party/blink/renderer/platform/wtf/text/
/// case_folding_hash.h`): `StringHasher::ComputeHashAndMaskTop8Bits<CaseFoldingHashReader<LChar>>`
/// over `length * 2` bytes, i.e. rapidhash (`rapidhash.h`, Chromium's
/// templatized copy) of the string case-folded (`kLatin1CaseFoldTable`) and widened to UTF-16LE,
/// then `MaskTop8Bits` (`string_hasher.h`).
///
/// Header names are HTTP tokens (ASCII): folding is ASCII lower-casing, which is what the Latin-1
/// fold table does to ASCII.
enum WTFCaseFoldingHash {
    /// rapidhash.h `RAPID_SEED`.
    static let seed: UInt64 = 0xbdd8_9aa9_8270_4029
    /// rapidhash.h `rapid_secret` (Chromium keeps rapidhash's standard secrets).
    static let secret: (UInt64, UInt64, UInt64) = (0x2d35_8dcc_aa6c_78a5, 0x8bb8_4b93_962e_acc9, 0x4b33_a62e_d433_d4a3)
    /// string_hasher.h `kFlagCount = 8`: StringImpl keeps 24 bits of hash.
    static let hashBits: UInt64 = 24

    static func hash(_ name: String) -> UInt32 {
        // CaseFoldingHashReader<LChar>: each character becomes one folded UTF-16LE code unit.
        var stream: [UInt8] = []
        stream.reserveCapacity(name.utf8.count * 2)
        for byte in name.utf8 {
            stream.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
            stream.append(0)
        }
        // string_hasher.h MaskTop8Bits: keep the low 24 bits; 0 becomes 0x80000000 >> 8.
        let masked = rapidhash(stream, reader: .caseFolding) & ((1 << hashBits) - 1)
        return masked == 0 ? 0x0080_0000 : UInt32(masked)
    }

    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.low ^ product.high
    }

    private static func read32(_ p: [UInt8], _ at: Int) -> UInt64 {
        (0..<4).reduce(UInt64(0)) { $0 | UInt64(p[at + $1]) << (8 * UInt64($1)) }
    }

    private static func read64(_ p: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(p[at + $1]) << (8 * UInt64($1)) }
    }

    /// The HashReader rapidhash reads through: they differ only for inputs under 4 bytes.
    enum Reader {
        /// rapidhash.h PlainHashReader: the bytes themselves.
        case plain
        /// case_folding_hash.h CaseFoldingHashReader, on the folded UTF-16LE stream built by `hash`.
        case caseFolding
    }

    /// rapidhash.h `rapidhash_internal` over the reader's byte stream `p` (length `len`), with the
    /// default seed and secrets (`rapidhash<Reader>`).
    static func rapidhash(_ p: [UInt8], reader: Reader) -> UInt64 {
        let len = p.count
        var seed = seed
        seed ^= mix(seed ^ secret.0, secret.1) ^ UInt64(len)
        var a: UInt64, b: UInt64
        if len <= 16 {
            if len >= 4 {
                let last = len - 4
                a = read32(p, 0) << 32 | read32(p, last)
                let delta = (len & 24) >> (len >> 3)
                b = read32(p, delta) << 32 | read32(p, last - delta)
            } else if len > 0 {
                switch reader {
                case .plain:
                    // PlainHashReader::ReadSmall.
                    a = UInt64(p[0]) << 56 | UInt64(p[len >> 1]) << 32 | UInt64(p[len - 1])
                case .caseFolding:
                    // CaseFoldingHashReader::ReadSmall (only ever k == 2, one character): the
                    // folded code unit itself.
                    a = UInt64(p[0]) | UInt64(p[1]) << 8
                }
                b = 0
            } else {
                a = 0; b = 0
            }
        } else {
            var i = len, at = 0
            if i > 48 {
                var see1 = seed, see2 = seed
                repeat {
                    seed = mix(read64(p, at) ^ secret.0, read64(p, at + 8) ^ seed)
                    see1 = mix(read64(p, at + 16) ^ secret.1, read64(p, at + 24) ^ see1)
                    see2 = mix(read64(p, at + 32) ^ secret.2, read64(p, at + 40) ^ see2)
                    at += 48
                    i -= 48
                } while i >= 48
                seed ^= see1 ^ see2
            }
            if i > 16 {
                seed = mix(read64(p, at) ^ secret.2, read64(p, at + 8) ^ seed ^ secret.1)
                if i > 32 {
                    seed = mix(read64(p, at + 16) ^ secret.2, read64(p, at + 24) ^ seed)
                }
            }
            a = read64(p, at + i - 16)
            b = read64(p, at + i - 8)
        }
        a ^= secret.1
        b ^= seed
        let product = a.multipliedFullWidth(by: b)
        return mix(product.low ^ secret.0 ^ UInt64(len), product.high ^ secret.1)
    }
}
