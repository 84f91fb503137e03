// The dashboard charts: the numbers come from the page (json_script); labels and amounts in the page's language.
// Each fills its .chart-box, whose height the stylesheet sets, so a phone does not squeeze it flat.
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const locale = document.documentElement.lang === "en" ? "en-BE" : `${document.documentElement.lang}-BE`;
  const euro = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const month = new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit" });
  const months = data.months.map((iso) => month.format(new Date(`${iso}T00:00:00`)));
  const money = { ticks: { callback: (value) => euro.format(value) } };
  const tooltip = { callbacks: { label: (item) => `${item.dataset.label}: ${euro.format(item.parsed.y)}` } };
  const labels = data.labels;
  new Chart(document.getElementById("sales-chart"), {
    data: {
      labels: months,
      datasets: [
        { type: "bar", label: labels.revenue, data: data.revenue, backgroundColor: "#0d6efd" },
        { type: "bar", label: labels.margin, data: data.margin, backgroundColor: "#20c997" },
        { type: "bar", label: labels.intake, data: data.intake, backgroundColor: "#adb5bd" },
        { type: "line", label: labels.last_year, data: data.last_year, borderColor: "#fd7e14", tension: 0.2 },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { y: money }, plugins: { tooltip } },
  });
  new Chart(document.getElementById("aging-chart"), {
    type: "bar",
    data: { labels: data.aging_labels, datasets: [{ label: labels.open, data: data.aging,
      backgroundColor: ["#20c997", "#ffc107", "#fd7e14", "#dc3545", "#842029"] }] },
    options: { animation: false, maintainAspectRatio: false, indexAxis: "y", scales: { x: money }, plugins: { legend: { display: false },
      tooltip: { callbacks: { label: (item) => euro.format(item.parsed.x) } } } },
  });
});
