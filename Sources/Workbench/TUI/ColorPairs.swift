/// Curses colour pair numbers for (foreground, background) colours, handed
/// out once per distinct pair and never past what the terminal has: a number
/// beyond it would wrap onto a pair already in use (thumbnails turned the
/// UI's own colours into grays). Pair 0 is the terminal's default colours.
struct ColorPairs {
    struct Colors: Hashable {
        let foreground: Int16, background: Int16
    }

    /// Numbers 1...capacity are ours to define.
    let capacity: Int
    private var numbers: [Colors: Int16] = [:]

    /// `reported`: the terminal's COLOR_PAIRS; curses takes pair numbers as a short.
    init(reported: Int) { capacity = max(min(reported, Int(Int16.max) + 1) - 1, 0) }

    var count: Int { numbers.count }

    /// The pair for these colours, and whether it is new (to be defined with
    /// init_pair); nil once every number is taken.
    mutating func number(for colors: Colors) -> (number: Int16, isNew: Bool)? {
        if let n = numbers[colors] { return (n, false) }
        guard numbers.count < capacity else { return nil }
        let n = Int16(numbers.count + 1)
        numbers[colors] = n
        return (n, true)
    }
}
