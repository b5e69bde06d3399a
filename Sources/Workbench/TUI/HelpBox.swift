import Charts

/// Every key of every screen, drawn over the current one; any key closes it.
enum HelpBox {
    static let lines = [
        "keys", "",
        "everywhere    Tab or 1 2 3: dashboard, errors, runs",
        "              Space pause/resume (not on runs)",
        "              x stop (finish batch, keep checkpoint)",
        "              ? this help  q quit (asks while training)",
        "dashboard     ↑↓ field  ←→ change (lr on a 1-2-5 scale)",
        "              Enter start  l log loss  s EMA smoothing",
        "              [ ] smoothing weight down/up (0 to 0.99)",
        "              m cursor on the confusion matrix: ←↑↓→,",
        "                Enter opens that cell's errors, Esc leaves",
        "              e errors",
        "errors        ←↑↓→ select  PgUp/PgDn page  Enter enlarge",
        "              c true class  p predicted class filters",
        "              v validation/test  t half-blocks/ASCII",
        "              Esc back",
        "runs          ↑↓ select  Space overlay its val curves",
        "              Enter open read-only  r resume a stopped run",
        "              n new run with its settings  o order",
        "              / filter: words in id, preset, network, state",
        "",
        "lr and dropout apply from the next batch and are marked",
        "▲ on the x axis; ★ is the best val epoch. Smoothing is",
        "TensorBoard's debiased EMA, m = w·m + (1-w)·y, w = 0.6 at first.",
    ]
    static let width = 62

    static func render() -> Grid {
        var g = Grid(width: width, height: lines.count + 2)
        for y in 0..<g.height { for x in 0..<g.width { g[x, y] = Cell(" ", .highlight) } }
        for (i, l) in lines.enumerated() { g.put(" " + l, x: 1, y: i + 1, style: i == 0 ? .title : .highlight) }
        return g
    }
}
