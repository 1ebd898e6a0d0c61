// Lays the deck out as printed (all slides, no deck script) and writes, into a pre element
// "measured", every element outside its slide or wider than its box and each chart's width.
window.addEventListener("load", function () {
  document.body.classList.remove("deck");
  var found = [];  // [slide, what, element] of every element that leaves its box
  var images = [];
  document.querySelectorAll(".slide").forEach(function (slide, number) {
    var box = slide.getBoundingClientRect();
    var banner = slide.querySelector(".banner"), title = slide.querySelector("h2");
    if (banner && title) {
      var b = banner.getBoundingClientRect(), t = title.getBoundingClientRect();
      var words = document.createRange();  // the title's text, not its padded box
      words.selectNodeContents(title);
      Array.prototype.forEach.call(words.getClientRects(), function (line) {
        if (line.left < b.right && line.right > b.left && line.top < b.bottom && line.bottom > b.top) {
          found.push([number + 1, "banner over the title", title.textContent.trim().slice(0, 40)]);
        }
      });
    }
    slide.querySelectorAll("*").forEach(function (el) {
      if (el.closest("aside.notes")) { return; }
      var r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) { return; }
      var name = el.tagName.toLowerCase() + "." + el.className + " " + (el.textContent || "").trim().slice(0, 40);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        found.push([number + 1, "outside the slide", name]);
      }
      if (el.tagName !== "IMG" && (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)) {
        found.push([number + 1, "wider than its box", name]);
      }
      if (el.tagName === "IMG") { images.push([number + 1, r.width, el.naturalWidth]); }
    });
  });
  var pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({overflow: found, images: images});
  document.body.appendChild(pre);
});
