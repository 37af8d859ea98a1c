// In the page: every element that prints text, its colour against the background it sits on (WCAG contrast).
export const CONTRAST_AUDIT = `(() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => { const layers = []; for (let e = el; e; e = e.parentElement) { const bg = parse(getComputedStyle(e).backgroundColor); if (bg && bg.a > 0) layers.push(bg); if (bg && bg.a >= 1) break; } let c = { r: 0, g: 0, b: 0, a: 1 }; for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c); return c; };
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!el.checkVisibility || !el.checkVisibility()) continue;
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(" ").trim();
    if (!text || el.closest(".sr-only")) continue;
    const style = getComputedStyle(el);
    const fg0 = parse(style.color); if (!fg0) continue;
    const bg = background(el);
    const fg = over({ ...fg0, a: fg0.a * Number(style.opacity) }, bg);
    const L1 = lum(fg), L2 = lum(bg);
    const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
    const size = parseFloat(style.fontSize); const bold = Number(style.fontWeight) >= 700;
    const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    if (ratio < need) failures.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100, need, tag: el.tagName, cls: el.className && String(el.className).slice(0, 80) });
  }
  return failures;
})()`;

// In the page: the href of every visible link with no accessible name (text, aria-label, labelled-by, image alt, title).
export const UNNAMED_LINKS = `(() => [...document.querySelectorAll("a[href]")]
  .filter((a) => a.checkVisibility ? a.checkVisibility() : true)
  .filter((a) => {
    if ((a.textContent || "").trim()) return false;
    if ((a.getAttribute("aria-label") || "").trim() || a.getAttribute("aria-labelledby") || (a.getAttribute("title") || "").trim()) return false;
    return ![...a.querySelectorAll("img[alt], svg[aria-label]")].some((i) => (i.getAttribute("alt") || i.getAttribute("aria-label") || "").trim());
  })
  .map((a) => a.getAttribute("href")))()`;

// In the page: how many px the page is wider than the window, and the innermost elements that stick out past it.
export const OVERFLOW_AUDIT = `(() => {
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow <= 0) return { overflow: 0, wide: [] };
  const sticking = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
  const innermost = sticking.filter((el) => !sticking.some((other) => other !== el && el.contains(other)));
  return { overflow, wide: innermost.slice(0, 3).map((el) => el.tagName + (el.id ? "#" + el.id : "") + " " + String(el.className).slice(0, 60) + " " + (el.textContent || "").trim().slice(0, 30)) };
})()`;
