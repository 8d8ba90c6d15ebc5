// A job's progress bar, updated in place: poll the job's status every second and redraw
// the bar, the words and the result. Without JavaScript the page refreshes itself instead
// (a <noscript> meta refresh while the job runs).
export function initJobProgress(root = document) {
  for (const element of root.querySelectorAll('[data-module="app-job-progress"]')) {
    if (element.dataset.finished === "true") continue;
    const url = element.dataset.statusUrl;
    const bar = element.querySelector("[data-job-bar]");
    const detail = element.querySelector("[data-job-detail]");
    const status = element.querySelector("[data-job-status]");
    const result = element.querySelector("[data-job-result]");
    const poll = async () => {
      let data;
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        data = await response.json();
      } catch {
        window.setTimeout(poll, 3000);
        return;
      }
      bar.value = data.percent;
      bar.textContent = `${data.percent}%`;
      let words = `${data.percent}% done`;
      if (data.total) words += `: ${data.done} of ${data.total}`;
      if (data.detail) words += ` (${data.detail})`;
      detail.textContent = words;
      status.textContent = data.status_label;
      if (!data.finished) {
        window.setTimeout(poll, 1000);
        return;
      }
      status.className = `govuk-tag ${data.status === "succeeded" ? "govuk-tag--green" : "govuk-tag--red"}`;
      result.replaceChildren();
      if (data.message) {
        const pre = document.createElement("pre");
        pre.className = "govuk-body app-job__message";
        pre.textContent = data.message;
        result.append(pre);
      }
      if (data.result_url) {
        const p = document.createElement("p");
        p.className = "govuk-body";
        const link = document.createElement("a");
        link.className = "govuk-link";
        link.href = data.result_url;
        link.textContent = "Download the result";
        p.append(link);
        result.append(p);
      }
    };
    window.setTimeout(poll, 1000);
  }
}
