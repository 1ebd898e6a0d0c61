// Lays the deck out as a phone held upright shows it (the deck script runs) and writes, into a
// pre element "measured", whether the deck mode is off, the page's width and every element that
// sticks out of the screen (outside a sideways-scrolling table) or has text under 12 px.
window.addEventListener("load", function () {
  var found = [];
  var screen = window.innerWidth;
  document.querySelectorAll(".slide *").forEach(function (el) {
    if (el.closest("aside.notes") || (el.closest("table.ranking") && el.tagName !== "TABLE")) { return; }
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) { return; }
    var name = el.tagName.toLowerCase() + "." + el.className + " " + (el.textContent || "").trim().slice(0, 40);
    if (r.left < -1 || r.right > screen + 1) { found.push(["outside the screen", name]); }
    var text = Array.prototype.some.call(el.childNodes, function (n) {
      return n.nodeType === 3 && n.textContent.trim();
    });
    if (text && parseFloat(getComputedStyle(el).fontSize) < 12) { found.push(["text under 12 px", name]); }
  });
  var pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({deck: document.body.classList.contains("deck"),
                                    width: document.documentElement.scrollWidth, screen: screen,
                                    problems: found});
  document.body.appendChild(pre);
});
