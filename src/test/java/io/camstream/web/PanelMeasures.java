package io.camstream.web;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Measures of a page as the browser lays it out: what lies outside the first screen, touch
 * targets under a fingertip's size, text below a contrast ratio. Each answers what fails,
 * described for the assertion message, so an empty list is a pass.
 */
final class PanelMeasures {
  /** Describes an element for a failure message. */
  private static final String DESCRIBE = """
      const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30) + '"';
      const shown = (el) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none' && !el.closest('[hidden]');
      };
      """;

  private PanelMeasures() {
  }

  /** The elements of {@code ids} not wholly inside the first screen (the page at its top, as loaded). */
  static List<String> outsideFirstScreen(WebDriver driver, List<String> ids) {
    return list(driver, DESCRIBE + """
        window.scrollTo(0, 0);
        return arguments[0].map((id) => document.getElementById(id)).filter((el) => {
          const r = el.getBoundingClientRect();
          return !shown(el) || r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth;
        }).map((el) => { const r = el.getBoundingClientRect();
          return describe(el) + ' at ' + Math.round(r.left) + ',' + Math.round(r.top) + ' to ' + Math.round(r.right) + ','
            + Math.round(r.bottom) + ' in ' + window.innerWidth + 'x' + window.innerHeight; });
        """, ids);
  }

  /** Width of the page beyond the viewport (0 when nothing scrolls sideways), and the live picture's box. */
  static Map<String, Object> layout(WebDriver driver) {
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
        const live = document.getElementById('live').getBoundingClientRect();
        return { overflowX: document.documentElement.scrollWidth - window.innerWidth,
                 innerWidth: window.innerWidth, innerHeight: window.innerHeight,
                 pictureTop: live.top, pictureHeight: live.height, pictureWidth: live.width };
        """);
    return result;
  }

  /** Every shown button, link and form field smaller than {@code min} CSS pixels either way. */
  static List<String> smallTouchTargets(WebDriver driver, double min) {
    return list(driver, DESCRIBE + """
        return Array.from(document.querySelectorAll('button, a[href], input, select, textarea, summary'))
          .filter(shown).filter((el) => { const r = el.getBoundingClientRect();
            return r.width < arguments[0] - 0.5 || r.height < arguments[0] - 0.5; })
          .map((el) => { const r = el.getBoundingClientRect();
            return describe(el) + ' is ' + r.width.toFixed(1) + 'x' + r.height.toFixed(1); });
        """, min);
  }

  /**
   * Every shown piece of text (an element's own text, a field's value or placeholder) whose
   * colour against what is behind it falls under {@code min}: the background is the
   * element's own, composited over its ancestors' down to the first opaque one, and the
   * text's alpha counts the opacity of the element and its ancestors. Disabled controls are
   * left out, as WCAG 1.4.3 does.
   */
  static List<String> lowContrast(WebDriver driver, double min) {
    return list(driver, DESCRIBE + """
        const parse = (c) => { const m = c.match(/rgba?\\(([^)]*)\\)/); if (!m) { return null; }
          const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
          return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
        const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
          b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
        const background = (el) => {
          const layers = [];
          for (let e = el; e; e = e.parentElement) {
            const bg = parse(getComputedStyle(e).backgroundColor);
            if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) { break; } }
          }
          let color = { r: 255, g: 255, b: 255, a: 1 };
          for (let i = layers.length - 1; i >= 0; i--) { color = over(layers[i], color); }
          return color;
        };
        const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) { o *= Number(getComputedStyle(e).opacity); } return o; };
        const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
        const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
        const failures = [];
        const check = (el, colorText, what) => {
          const bg = background(el);
          const fg = parse(colorText);
          fg.a *= opacity(el);
          const r = ratio(over(fg, bg), bg);
          if (r < arguments[0]) {
            failures.push(describe(el) + what + ' ' + r.toFixed(2) + ':1 (' + colorText + ' on rgb(' + Math.round(bg.r) + ','
              + Math.round(bg.g) + ',' + Math.round(bg.b) + '))');
          }
        };
        let checked = 0;
        for (const el of document.querySelectorAll('body *')) {
          if (!shown(el) || el.closest(':disabled') || el.closest('[aria-hidden="true"]')) { continue; }
          const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
          if (ownText) { check(el, getComputedStyle(el).color, ''); checked++; }
          if (el.matches('input[type="text"]')) {
            if (el.value) { check(el, getComputedStyle(el).color, ' value'); checked++; }
            else if (el.placeholder) { check(el, getComputedStyle(el, '::placeholder').color, ' placeholder'); checked++; }
          }
        }
        if (checked < 10) { failures.push('only ' + checked + ' text elements found: the page is not drawn yet'); }
        return failures;
        """, min);
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(WebDriver driver, String script, Object argument) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(script, argument);
  }
}
