"""Reads the JSON lines of scripts/bench-peers and prints the comparison:
images/s per framework, ours / the faster peer, peak RSS. With several rounds,
each framework's best round counts (the one the machine disturbed least),
the same rule for all three; for peak RSS its smallest."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
SPEEDS = ("train_images_per_second", "infer_images_per_second")
by = {}
for r in rows:
    name = r["preset"] if r.get("input", "32x32x1") == "32x32x1" else f'{r["preset"]} at {r["input"]}'
    best = by.setdefault(name, {}).setdefault(r["framework"], dict(r))
    for key in SPEEDS:
        best[key] = max(best[key], r[key])
    best["peak_rss_mib"] = min(best["peak_rss_mib"], r["peak_rss_mib"])

print("| network | ours train | PyTorch train | Keras train | ours / faster peer | ours infer | PyTorch infer | Keras infer | ours / faster peer | RSS MiB ours / PyTorch / Keras |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for preset, f in by.items():
    ours, torch, keras = f.get("workbench"), f.get("pytorch"), f.get("keras")
    def cell(r, key):
        return f"{r[key]:.1f}" if r else "-"
    def ratio(key):
        peers = [r[key] for r in (torch, keras) if r]
        return f"{ours[key] / max(peers):.2f}x" if ours and peers else "-"
    rss = " / ".join(f"{r['peak_rss_mib']:.0f}" if r else "-" for r in (ours, torch, keras))
    print(f"| {preset} | {cell(ours, 'train_images_per_second')} | {cell(torch, 'train_images_per_second')} | {cell(keras, 'train_images_per_second')} "
          f"| {ratio('train_images_per_second')} | {cell(ours, 'infer_images_per_second')} | {cell(torch, 'infer_images_per_second')} "
          f"| {cell(keras, 'infer_images_per_second')} | {ratio('infer_images_per_second')} | {rss} |")
