"""A layout audit of the agent desktop for browser tests: every visible control can be reached (inside the viewport
once scrolled to, by scrolling a user can do), is not cut off by a box that hides its overflow, and is not covered
by something else; the page never scrolls sideways.

    problems = audit(driver, "#wrapup-dialog")   # [] when all is well; otherwise one sentence per problem
    problems = shown(driver, ["contact-body", "send"])   # these parts must be on the page and reachable
"""

from __future__ import annotations

AUDIT_JS = r"""
const root = document.querySelector(arguments[0]) || document.body;
const problems = [];
const describe = (node) => {
  if (!node) return 'nothing';
  const label = node.getAttribute && (node.getAttribute('aria-label') || node.id || node.getAttribute('name'));
  const text = (node.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  return node.tagName.toLowerCase() + (label ? '[' + label + ']' : '') + (text ? ' "' + text + '"' : '') +
    (node.className && typeof node.className === 'string' ? '.' + node.className.split(' ').join('.') : '');
};
const viewportWidth = document.documentElement.clientWidth;
const viewportHeight = document.documentElement.clientHeight;
if (document.documentElement.scrollWidth > viewportWidth + 1) {
  problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in a ' + viewportWidth + ' px viewport');
}
const selector = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
let checked = 0;
for (const control of root.querySelectorAll(selector)) {
  if (control.closest('[hidden], .visually-hidden, .collapsed') || control.type === 'file') continue;
  const style = getComputedStyle(control);
  if (style.visibility === 'hidden' || style.display === 'none' || !control.getClientRects().length) continue;
  const dialog = control.closest('dialog');
  if (dialog && !dialog.open) continue;
  checked++;
  control.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const r = control.getBoundingClientRect();
  const name = describe(control);
  if (r.width < 1 || r.height < 1) { problems.push(name + ' has no size'); continue; }
  if (r.left < -0.5 || r.top < -0.5 || r.right > viewportWidth + 0.5 || r.bottom > viewportHeight + 0.5) {
    problems.push(name + ' is outside the viewport even when scrolled to: ' + JSON.stringify([r.left, r.top, r.right, r.bottom].map(Math.round)));
    continue;
  }
  for (let box = control.parentElement; box && box !== document.documentElement; box = box.parentElement) {
    const s = getComputedStyle(box);
    const hides = (v) => v === 'hidden' || v === 'clip';
    if (!hides(s.overflowX) && !hides(s.overflowY)) continue;
    const b = box.getBoundingClientRect();
    if (box.scrollLeft || box.scrollTop) problems.push(name + ' can only be reached by scrolling ' + describe(box) + ', which hides its scrollbar');
    if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) {
      problems.push(name + ' is cut off by ' + describe(box));
    }
  }
  const x = Math.min(viewportWidth - 1, Math.max(0, (r.left + r.right) / 2));
  const y = Math.min(viewportHeight - 1, Math.max(0, (r.top + r.bottom) / 2));
  const hit = document.elementFromPoint(x, y);
  const labelled = control.labels && Array.from(control.labels).some((l) => l.contains(hit));
  if (!hit || !(hit === control || control.contains(hit) || labelled)) problems.push(name + ' is covered by ' + describe(hit));
}
if (!checked) problems.push('no visible control under ' + arguments[0]);
return problems;
"""


def audit(driver, root: str = "body") -> list[str]:
    """The layout problems of the controls under `root` (a CSS selector), as sentences."""
    return driver.execute_script(AUDIT_JS, root)


def fully_visible(driver, element) -> bool:
    """Whether the element's box lies wholly inside the viewport now."""
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5 &&"
        " r.right <= document.documentElement.clientWidth + 0.5 && r.bottom <= document.documentElement.clientHeight + 0.5;", element)


SHOWN_JS = r"""
const problems = [];
for (const id of arguments[0]) {
  const node = document.getElementById(id);
  if (!node) { problems.push('#' + id + ' is missing'); continue; }
  const style = getComputedStyle(node);
  if (node.closest('[hidden]') || style.display === 'none' || style.visibility === 'hidden' || !node.getClientRects().length) {
    problems.push('#' + id + ' is not shown');
    continue;
  }
  node.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const r = node.getBoundingClientRect();
  const w = document.documentElement.clientWidth, h = document.documentElement.clientHeight;
  // Taller than the viewport is fine (it scrolls); its start must be reachable and it must fit across.
  if (r.width < 1 || r.height < 1) problems.push('#' + id + ' has no size');
  else if (r.left < -0.5 || r.right > w + 0.5) problems.push('#' + id + ' does not fit across the viewport: ' + Math.round(r.left) + '..' + Math.round(r.right));
  else if (r.top > h - 1 || r.bottom < 1) problems.push('#' + id + ' cannot be scrolled into view');
}
return problems;
"""


def shown(driver, ids: list[str]) -> list[str]:
    """The parts (element ids) that are not on the page, hidden, or out of reach."""
    return driver.execute_script(SHOWN_JS, ids)
