// The annual report's rich-text editor (issue 12 §2). Progressive enhancement: without
// JavaScript the textarea takes plain text; with it, each textarea.rich-text becomes an
// editable area with a toolbar, and the form posts its HTML with format=html. The server
// sanitises whatever arrives (reports.services.sanitise), so this only has to be pleasant.
(function () {
  "use strict";

  var BUTTONS = [
    ["bold", "加粗", "B"],
    ["italic", "倾斜", "I"],
    ["insertUnorderedList", "项目符号列表", "•"],
    ["insertOrderedList", "编号列表", "1."],
    ["removeFormat", "清除格式", "清除"],
    ["undo", "撤销", "撤销"],
    ["redo", "重做", "重做"],
  ];
  var RENAME = { B: "strong", I: "em", DIV: "p" };

  function normalise(root) {
    // Chromium writes <b>, <i> and <div>; the report keeps <strong>, <em> and <p>.
    Array.prototype.slice.call(root.querySelectorAll("b, i, div")).forEach(function (node) {
      var replacement = document.createElement(RENAME[node.tagName]);
      while (node.firstChild) replacement.appendChild(node.firstChild);
      node.parentNode.replaceChild(replacement, node);
    });
    Array.prototype.slice.call(root.querySelectorAll("*")).forEach(function (node) {
      while (node.attributes.length) node.removeAttribute(node.attributes[0].name);
    });
    // Text typed straight into the area (not inside a block) becomes a paragraph.
    Array.prototype.slice.call(root.childNodes).forEach(function (node) {
      if (node.nodeType === 3 && node.textContent.trim()) {
        var p = document.createElement("p");
        root.replaceChild(p, node);
        p.appendChild(node);
      }
    });
    return root.innerHTML;
  }

  function enhance(textarea, index) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var name = label ? label.textContent.replace(/[:：]\s*$/, "") : "正文";
    var wrapper = document.createElement("div");
    wrapper.className = "rich-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", name + "格式工具");
    var area = document.createElement("div");
    area.className = "rich-area";
    area.contentEditable = "true";
    area.id = textarea.id + "-editor";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", name);
    area.innerHTML = textarea.getAttribute("data-html") || "";
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[2];
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection in the area
      });
      button.addEventListener("click", function () {
        if (document.activeElement !== area) area.focus();
        document.execCommand(spec[0], false, null);
      });
      toolbar.appendChild(button);
    });
    area.addEventListener("paste", function (event) {
      // Pasted Word or web pages bring styles and markup the report does not keep: paste
      // their text, one paragraph per line.
      event.preventDefault();
      var text = (event.clipboardData || window.clipboardData).getData("text/plain");
      document.execCommand("insertText", false, text);
    });
    area.addEventListener("focus", function () {
      document.execCommand("defaultParagraphSeparator", false, "p");
    });
    if (label) label.setAttribute("for", area.id);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea);
    textarea.hidden = true;
    return { textarea: textarea, area: area };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = {};
    Array.prototype.slice.call(document.querySelectorAll("textarea.rich-text")).forEach(
      function (textarea, index) {
        var editor = enhance(textarea, index);
        var form = textarea.form;
        if (!form) return;
        var key = form.id || "form" + index;
        if (!forms[key]) {
          forms[key] = [];
          form.addEventListener("submit", function () {
            forms[key].forEach(function (e) {
              e.textarea.value = normalise(e.area.cloneNode(true));
            });
            var format = form.querySelector('input[name$="format"]');
            if (format) format.value = "html";
          });
        }
        forms[key].push(editor);
      }
    );
  });
})();
