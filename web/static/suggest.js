// Completions for the search box: the ARIA combobox pattern, arrows to move,
// Enter to choose, Escape to close. The page works without this file.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var items = [];
  var active = -1;
  var pending = null;
  var timer = null;

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(text) {
    input.value = text;
    close();
    input.form.submit();
  }

  function show(suggestions) {
    close();
    if (!suggestions.length) { return; }
    suggestions.forEach(function (text, i) {
      var item = document.createElement("li");
      item.id = "q-suggestion-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = text;  // text, never HTML
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep the focus in the box
        choose(text);
      });
      list.appendChild(item);
      items.push(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function fetchSuggestions() {
    var typed = input.value;
    if (!typed.trim()) { close(); return; }
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(typed), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (input.value === typed && document.activeElement === input) { show(data.suggestions || []); }
      })
      .catch(function () { /* aborted by newer typing, or offline: no completions */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      if (event.key === "ArrowDown" && input.value.trim()) { fetchSuggestions(); event.preventDefault(); }
      return;
    }
    if (event.key === "ArrowDown") {
      highlight((active + 1) % items.length);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      highlight(active <= 0 ? items.length - 1 : active - 1);
      event.preventDefault();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(items[active].textContent);
    } else if (event.key === "Escape") {
      close();
      event.preventDefault();
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
