// The mock server's dashboard: everything it shows or changes goes through the admin API.
"use strict";

const token = new URLSearchParams(location.search).get("token");
const $ = (selector) => document.querySelector(selector);
const state = { last: 0, selected: null, filters: "", polling: false };

async function api(path, options = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers["x-mock-admin-token"] = token;
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    const error = new Error(`${options.method || "GET"} ${path}: ${response.status} ${message}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(error) {
  const box = $("#error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

const pretty = (value) => el("pre", { text: JSON.stringify(value, null, 2) });
const statusClass = (status) => "status s" + (status == null ? "none" : String(status)[0]);

// -- requests ------------------------------------------------------------------------------

function filterQuery() {
  const query = new URLSearchParams();
  const operation = $("#filter-operation").value;
  const status = $("#filter-status").value;
  const model = $("#filter-model").value.trim();
  if (operation) query.set("operation", operation);
  if (status) query.set("status", status);
  if (model) query.set("model", model);
  return query;
}

function row(item, fresh) {
  const when = new Date(item.time * 1000).toLocaleTimeString([], { hour12: false });
  const tags = el("td");
  if (item.fault) tags.append(el("span", { class: "tag fault", text: "fault " + (item.fault.kind || "") }));
  if (item.script) tags.append(el("span", { class: "tag script", text: "script " + item.script.kind }));
  if (item.events) tags.append(el("span", { class: "tag events", text: item.events + " events" }));
  if (item.source !== "mock") tags.append(el("span", { class: "tag source", text: item.source }));
  const tr = el(
    "tr",
    { "data-seq": item.seq, class: fresh ? "fresh" : "" },
    el("td", { class: "muted", text: item.seq }),
    el("td", { class: "mono", text: when }),
    el("td", { class: "path", text: `${item.method} ${item.path}`, title: item.path }),
    el("td", { text: item.operation || "–" }),
    el("td", { text: item.model || "" }),
    el("td", { class: statusClass(item.status), text: item.status == null ? "—" : item.status }),
    el("td", { class: "mono", text: item.duration_ms.toFixed(1) }),
    tags,
  );
  if (item.seq === state.selected) tr.classList.add("selected");
  tr.addEventListener("click", () => openRequest(item.seq));
  return tr;
}

function render(items, fresh) {
  const body = $("#requests tbody");
  for (const item of items) {
    if (!body.querySelector(`tr[data-seq="${item.seq}"]`)) body.prepend(row(item, fresh));
  }
  while (body.children.length > 500) body.lastChild.remove();
  $("#empty").hidden = body.children.length > 0;
  $("#count").textContent = body.children.length ? `${body.children.length} shown` : "";
}

async function poll() {
  if (state.polling) return;  // one request at a time: rows arrive once, in order
  state.polling = true;
  try {
    await pollOnce();
  } finally {
    state.polling = false;
  }
}

async function pollOnce() {
  const filters = filterQuery().toString();
  const refilter = filters !== state.filters;
  const query = filterQuery();
  query.set("after", refilter ? 0 : state.last);
  try {
    const page = await api("/_mock/log?" + query);
    if (refilter || page.size === 0 && state.last > 0 || page.last < state.last) {
      $("#requests tbody").replaceChildren();
      state.filters = filters;
    }
    state.last = page.last;
    render(page.data, !refilter);
    for (const item of page.data) addOperation(item.operation);
    showError(null);
  } catch (error) {
    showError(error);
  }
}

function addOperation(name) {
  const select = $("#filter-operation");
  if (!name || [...select.options].some((o) => o.value === name)) return;
  select.append(el("option", { value: name, text: name }));
}

function headersList(headers) {
  const list = el("dl", { class: "headers" });
  for (const [name, value] of Object.entries(headers || {})) {
    list.append(el("dt", { text: name }), el("dd", { text: value }));
  }
  return list;
}

function eventsList(events) {
  const list = el("ol", { class: "events" });
  for (const event of events) {
    const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
    list.append(el("li", {}, event.event ? el("b", { text: event.event + " " }) : null, data));
  }
  return list;
}

async function openRequest(seq) {
  state.selected = seq;
  document.querySelectorAll("#requests tr.selected").forEach((tr) => tr.classList.remove("selected"));
  const tr = document.querySelector(`#requests tr[data-seq="${seq}"]`);
  if (tr) tr.classList.add("selected");
  const aside = $("#detail");
  let item;
  try {
    item = await api(`/_mock/log/${seq}`);
  } catch (error) {
    aside.textContent = String(error.message);
    return;
  }
  aside.className = "";
  const request = item.request || {};
  const response = item.response;
  const parts = [
    el("h2", {}, `#${item.seq} ${item.method} ${item.path} `, el("span", { class: statusClass(item.status), text: item.status ?? "—" })),
    el("div", { class: "muted", text: `${item.operation || "no operation"} · ${item.duration_ms.toFixed(1)} ms · answered by ${item.source}` }),
  ];
  if (item.fault) parts.push(el("h3", { text: "Fault applied" }), pretty(item.fault));
  if (item.script) parts.push(el("h3", { text: "Script applied" }), pretty(item.script));
  parts.push(el("h3", { text: "Request headers" }), headersList(request.headers));
  if (request.query && Object.keys(request.query).length) parts.push(el("h3", { text: "Query" }), pretty(request.query));
  if (request.json != null) parts.push(el("h3", { text: "Request body" }), pretty(request.json));
  else if (request.form) parts.push(el("h3", { text: "Request form" }), pretty(request.form));
  parts.push(el("h3", { text: "Response headers" }), headersList(response.headers));
  const cut = response.truncated ? ` (first ${response.text.length} of ${response.size} bytes)` : "";
  if (response.events) parts.push(el("h3", { text: `Stream: ${response.events.length} events${cut}` }), eventsList(response.events));
  else if (response.json != null) parts.push(el("h3", { text: "Response body" }), pretty(response.json));
  else if (response.text) parts.push(el("h3", { text: "Response body" + cut }), el("pre", { text: response.text }));
  aside.replaceChildren(...parts);
}

// -- faults, scripts, clock ----------------------------------------------------------------

function ruleItem(rule, onDelete) {
  const item = el("li", {}, pretty(rule));
  if (onDelete) {
    const remove = el("button", { class: "danger", text: "Remove" });
    remove.addEventListener("click", () => onDelete().then(loadRules).catch(showError));
    item.append(remove);
  }
  return item;
}

async function loadRules() {
  const [faults, scripts] = await Promise.all([api("/_mock/faults"), api("/_mock/scripts")]);
  const faultList = $("#fault-list");
  faultList.replaceChildren(...faults.data.map((rule) =>
    ruleItem(rule, () => api(`/_mock/faults/${rule.id}`, { method: "DELETE" }))));
  if (!faults.data.length) faultList.append(el("li", { class: "none", text: "No fault installed." }));
  const scriptList = $("#script-list");
  scriptList.replaceChildren(...scripts.data.map((script) => ruleItem(script, null)));
  if (!scripts.data.length) scriptList.append(el("li", { class: "none", text: "No script pending." }));
}

async function postJSON(path, textarea) {
  let body;
  try {
    body = JSON.parse(textarea.value);
  } catch (error) {
    throw new Error("Not valid JSON: " + error.message);
  }
  await api(path, { method: "POST", body: JSON.stringify(body) });
}

function showClock(clock) {
  const when = new Date(clock.now * 1000).toISOString().replace("T", " ").slice(0, 19);
  $("#clock-now").textContent = `${when} UTC` + (clock.offset ? ` (+${clock.offset}s)` : "") + (clock.frozen ? " frozen" : "");
}

async function loadClock() {
  showClock(await api("/_mock/clock"));
}

// -- state and webhooks --------------------------------------------------------------------

function cell(value) {
  if (value == null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function objectsTable(objects) {
  const columns = [];
  for (const object of objects.slice(0, 50)) {
    for (const key of Object.keys(object)) if (!columns.includes(key) && columns.length < 8) columns.push(key);
  }
  const body = el("tbody");
  for (const object of objects) {
    const tr = el("tr", {}, ...columns.map((key) => el("td", { text: cell(object[key]), title: cell(object[key]) })));
    tr.addEventListener("click", () => tr.after(el("tr", {}, el("td", { colspan: columns.length }, pretty(object)))));
    body.append(tr);
  }
  return el("div", { class: "list" }, el("table", {}, el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { text: c })))), body));
}

async function loadState() {
  const snapshot = (await api("/_mock/state")).data;
  const areas = Object.keys(snapshot).sort().map((area) => {
    const section = el("div", { class: "area", "data-area": area }, el("h2", { text: area }));
    for (const [kind, objects] of Object.entries(snapshot[area])) {
      section.append(el("h3", { text: `${kind} (${objects.length})` }));
      if (objects.length) section.append(objectsTable(objects));
    }
    return section;
  });
  $("#state").replaceChildren(...areas);
}

async function loadWebhooks() {
  try {
    const page = await api("/_mock/webhooks/deliveries");
    $("#webhooks-tab").hidden = false;
    const deliveries = page.data || [];
    $("#webhooks").replaceChildren(deliveries.length ? objectsTable(deliveries) : el("p", { class: "muted", text: "No delivery yet." }));
  } catch (error) {
    if (error.status !== 404) throw error;
  }
}

// -- wiring --------------------------------------------------------------------------------

const loaders = { faults: loadRules, state: loadState, webhooks: loadWebhooks };

function showTab(name) {
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === "tab-" + name));
  if (loaders[name]) loaders[name]().catch(showError);
}

function on(selector, action) {
  $(selector).addEventListener("click", (event) => {
    event.preventDefault();
    Promise.resolve(action()).then(() => showError(null)).catch(showError);
  });
}

document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
on("#add-fault", () => postJSON("/_mock/faults", $("#fault-json")).then(loadRules));
on("#clear-faults", () => api("/_mock/faults", { method: "DELETE" }).then(loadRules));
on("#add-script", () => postJSON("/_mock/scripts", $("#script-json")).then(loadRules));
on("#clear-scripts", () => api("/_mock/scripts", { method: "DELETE" }).then(loadRules));
on("#advance-btn", async () => {
  const seconds = Number($("#clock-advance").value);
  showClock(await api("/_mock/clock", { method: "POST", body: JSON.stringify({ advance: seconds }) }));
  if ($("#tab-state").classList.contains("active")) await loadState();
});
on("#reset-btn", async () => {
  await api("/_mock/reset", { method: "POST" });
  await poll();
});
on("#refresh-state", loadState);
on("#refresh-webhooks", loadWebhooks);
for (const id of ["#filter-operation", "#filter-status", "#filter-model"]) $(id).addEventListener("input", poll);

api("/_mock/info").then((info) => {
  $("#mode").textContent = `${info.mode} · seed ${info.seed}`;
  for (const name of info.operations) addOperation(name);
}).catch(showError);
loadClock().catch(showError);
loadWebhooks().catch(() => {});
poll();
setInterval(poll, 1000);
setInterval(() => loadClock().catch(() => {}), 5000);
