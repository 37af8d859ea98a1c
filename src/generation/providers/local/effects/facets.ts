// Low-poly facets: a jittered triangle mesh, each triangle one colour with a folded-paper light.
import { Rng } from "../random";
import { blankLike, type Raster } from "../raster";

/** Jittered triangle mesh; each facet takes the source colour around its centre plus a fake light. */
export function facetTriangles(raster: Raster, cell: number, relief: number, seed: number): Raster {
  const { width, height, data } = raster;
  const size = cell * (width / 1024);
  const cols = Math.ceil(width / size) + 1;
  const rows = Math.ceil(height / size) + 1;
  const rng = new Rng(seed);
  const vx = new Float32Array(cols * rows);
  const vy = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const onEdgeX = c === 0 || c === cols - 1;
      const onEdgeY = r === 0 || r === rows - 1;
      vx[r * cols + c] = c * size + (onEdgeX ? 0 : rng.range(-0.38, 0.38) * size);
      vy[r * cols + c] = r * size + (onEdgeY ? 0 : rng.range(-0.38, 0.38) * size);
    }
  }
  const out = blankLike(raster);
  const target = out.data;
  const sampleAt = (x: number, y: number) => {
    const sx = x < 0 ? 0 : x >= width ? width - 1 : Math.floor(x);
    const sy = y < 0 ? 0 : y >= height ? height - 1 : Math.floor(y);
    return (sy * width + sx) * 3;
  };
  const fillTriangle = (a: number, b: number, c: number, litSide: number) => {
    const ax = vx[a]!;
    const ay = vy[a]!;
    const bx = vx[b]!;
    const by = vy[b]!;
    const cx = vx[c]!;
    const cy = vy[c]!;
    const mx = (ax + bx + cx) / 3;
    const my = (ay + by + cy) / 3;
    let r = 0;
    let g = 0;
    let bl = 0;
    for (const [sx, sy] of [[mx, my], [(mx + ax) / 2, (my + ay) / 2], [(mx + bx) / 2, (my + by) / 2], [(mx + cx) / 2, (my + cy) / 2]] as const) {
      const si = sampleAt(sx, sy);
      r += data[si]!;
      g += data[si + 1]!;
      bl += data[si + 2]!;
    }
    // The two halves of each quad face different ways, like a fold catching light on one side.
    const light = (1 + relief * (rng.range(-1, 1) * 0.6 + litSide * 0.4)) / 4;
    r *= light;
    g *= light;
    bl *= light;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (area === 0) return;
    const minX = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const minY = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      for (let x = minX; x <= maxX; x++) {
        const pxc = x + 0.5;
        const w0 = ((bx - pxc) * (cy - py) - (cx - pxc) * (by - py)) / area;
        const w1 = ((cx - pxc) * (ay - py) - (ax - pxc) * (cy - py)) / area;
        if (w0 < -0.001 || w1 < -0.001 || 1 - w0 - w1 < -0.001) continue;
        const i = (y * width + x) * 3;
        target[i] = r;
        target[i + 1] = g;
        target[i + 2] = bl;
      }
    }
  };
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < cols - 1; c++) {
      const a = r * cols + c;
      const b = a + 1;
      const d = a + cols;
      const e = d + 1;
      if ((r + c) % 2 === 0) {
        fillTriangle(a, b, e, 1);
        fillTriangle(a, e, d, -1);
      } else {
        fillTriangle(a, b, d, 1);
        fillTriangle(b, e, d, -1);
      }
    }
  }
  return out;
}
