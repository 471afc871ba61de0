/* The offer calculator: prices a loan offer in the page, with no kernel and no network.
 * Its arithmetic mirrors model/offers.py (price_offer) and model/rates.py (repayment_schedule,
 * apr_by_irr); tests/test_calculator.py feeds random offers to both and requires the same
 * APR and totals to the fen. Messages come from the page (data-msg elements), so each edition
 * speaks its own language. */
(function () {
  "use strict";
  var MAX_RATE = { day: 0.01, month: 0.3, year: 3.65 };
  var MAX_TERM = 360;

  function schedule(p, d, n, method, free, daysPerYear) {
    var r = d * (daysPerYear / 12);
    var principal = new Array(n), accrued = new Array(n), k;
    if (method === "equal_instalment") {
      var annuity = r === 0 ? p / n : (p * r) / -Math.expm1(-n * Math.log1p(r));
      var part = annuity - r * p;
      for (k = 0; k < n; k++) {
        principal[k] = k === 0 ? part : principal[k - 1] * (1 + r);
        accrued[k] = annuity - principal[k];
      }
    } else if (method === "equal_principal") {
      for (k = 0; k < n; k++) {
        principal[k] = p / n;
        accrued[k] = (p - k * (p / n)) * r;
      }
    } else {
      throw new Error("method");
    }
    if (free > 0) {
      var periodDays = daysPerYear / 12;
      var m = Math.min(n, Math.ceil(free / periodDays));
      for (k = 0; k < m; k++) {
        var share = Math.min(Math.max((free - k * periodDays) / periodDays, 0), 1);
        accrued[k] *= 1 - share;
      }
    }
    var repaid = 0;
    for (k = 0; k < n; k++) repaid += principal[k];
    principal[n - 1] += p - repaid;
    return { interest: accrued, principal: principal };
  }

  function aprByIrr(received, payments) {
    var n = payments.length, total = 0, weighted = 0, k;
    for (k = 0; k < n; k++) { total += payments[k]; weighted += payments[k] * (k + 1); }
    var weightedTime = total > 0 ? weighted / total : 1;
    var x = total > received ? (total / received - 1) / Math.max(weightedTime, 1) : 0;
    for (var it = 0; it < 100; it++) {
      var f = -received, df = 0;
      for (k = 0; k < n; k++) {
        var disc = Math.pow(1 + x, -(k + 1));
        f += payments[k] * disc;
        df -= (payments[k] * (k + 1) * disc) / (1 + x);
      }
      var step = df !== 0 ? f / df : 0;
      x = Math.max(x - step, -0.999999);
      if (Math.abs(step) < 1e-12) break;
    }
    return 12 * x;
  }

  /* Price an offer: {amount, rate, per, method, term, upfrontFeeRate, monthlyFeeRate, freeDays, daysPerYear}. */
  function priceOffer(o) {
    var days = o.daysPerYear || 365;
    if (!(o.amount > 0) || !isFinite(o.amount)) throw new Error("amount: more than 0");
    if (!(o.per in MAX_RATE) || !(o.rate >= 0) || o.rate > MAX_RATE[o.per]) throw new Error("rate: 0 to the cap of its period");
    if (!Number.isInteger(o.term) || o.term < 1 || o.term > MAX_TERM) throw new Error("term: a whole number of months from 1 to 360");
    if (["equal_instalment", "equal_principal", "flat"].indexOf(o.method) < 0) throw new Error("method");
    if (o.method === "flat" && (o.freeDays || 0) > 0) throw new Error("freeDays: none on a flat-rate offer");
    if ((o.upfrontFeeRate || 0) < 0 || (o.upfrontFeeRate || 0) >= 1 || (o.monthlyFeeRate || 0) < 0 || (o.monthlyFeeRate || 0) > 0.3)
      throw new Error("fees");
    var perYear = { day: days, month: 12, year: 1 }[o.per];
    var daily = (o.rate * perYear) / days;
    var monthly = (daily * days) / 12;
    var p = o.amount, n = o.term, k, interest, principal;
    if (o.method === "flat") {
      interest = []; principal = [];
      var sum = 0;
      for (k = 0; k < n; k++) { interest.push(p * monthly); principal.push(p / n); }
      for (k = 0; k < n - 1; k++) sum += principal[k];
      principal[n - 1] = p - sum;
    } else {
      var s = schedule(p, daily, n, o.method, o.freeDays || 0, days);
      interest = s.interest; principal = s.principal;
    }
    var fee = p * (o.monthlyFeeRate || 0);
    var payment = [], balance = [], paid = 0, cost;
    for (k = 0; k < n; k++) {
      payment.push(interest[k] + principal[k] + fee);
      balance.push(Math.abs(p - sumTo(principal, k)) < 1e-9 * p ? 0 : p - sumTo(principal, k));
      paid += payment[k];
    }
    var received = p - (o.upfrontFeeRate || 0) * p;
    var totalPaid = paid + p - received;
    cost = totalPaid - p;
    var used = p;
    for (k = 0; k < n - 1; k++) used += balance[k];
    used /= 12;
    return {
      payment: payment, interest: interest, principal: principal, balance: balance, fee: fee,
      received: received, totalPaid: totalPaid, totalCost: cost,
      aprByIrr: aprByIrr(received, payment),
      simpleAnnualRate: cost / used,
    };
  }

  function sumTo(values, k) {
    var s = 0;
    for (var i = 0; i <= k; i++) s += values[i];
    return s;
  }

  /* --- the form ------------------------------------------------------------------------- */

  function message(root, key) {
    var el = root.querySelector('[data-msg="' + key + '"]');
    return el ? el.textContent : key;
  }

  function readNumber(input) {
    // Full-width digits and signs (a Chinese keyboard's) read as ASCII; a trailing % as typed in a quote is dropped.
    var text = input.value.normalize("NFKC").trim().replace(/%$/, "").trim();
    if (/,/.test(text)) {
      if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return NaN;  // commas only as thousands separators
      text = text.replace(/,/g, "");
    }
    if (!/^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
    return Number(text);
  }

  var timers = new WeakMap();
  function announce(root, text) {
    clearTimeout(timers.get(root));
    timers.set(root, setTimeout(function () { root.querySelector(".calc-status").textContent = text; }, 500));
  }

  function validate(root, showErrors) {
    var get = function (name) { return root.querySelector('[name="' + name + '"]'); };
    var fields = {
      amount: [get("amount"), function (v) { return v >= 1 && v <= 1e9; }, "amount"],
      rate: [get("rate"), function (v) { return v >= 0 && v / 100 <= MAX_RATE[get("per").value]; }, "rate"],
      term: [get("term"), function (v) { return Number.isInteger(v) && v >= 1 && v <= MAX_TERM; }, "term"],
      upfront: [get("upfront"), function (v) { return v >= 0 && v < 100; }, "upfront"],
      monthlyFee: [get("monthlyFee"), function (v) { return v >= 0 && v <= 30; }, "monthlyFee"],
      freeDays: [get("freeDays"), function (v) { return Number.isInteger(v) && v >= 0 && v <= 366; }, "freeDays"],
    };
    var values = {}, ok = true;
    Object.keys(fields).forEach(function (name) {
      var input = fields[name][0], value = readNumber(input);
      var error = root.querySelector("#" + input.id + "-error");
      var good = !Number.isNaN(value) && fields[name][1](value);
      if (good && name === "freeDays" && value > 0 && get("method").value === "flat") good = false;
      if (showErrors || good) {
        input.setAttribute("aria-invalid", good ? "false" : "true");
        error.textContent = good ? "" : message(root, fields[name][2]);
      }
      values[name] = value;
      ok = ok && good;
    });
    if (!ok) return null;
    return {
      amount: values.amount, rate: values.rate / 100, per: get("per").value, method: get("method").value,
      term: values.term, upfrontFeeRate: values.upfront / 100, monthlyFeeRate: values.monthlyFee / 100,
      freeDays: values.freeDays, daysPerYear: 365,
    };
  }

  function yuan(v) { return v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function pct(v) {
    var rounded = Math.round(10000 * v) / 100;
    if (rounded === 0) rounded = 0;  // no "-0.00%"
    return rounded.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + "%";
  }
  function zh() { return document.documentElement.lang.indexOf("zh") === 0; }
  function linePct(v) { return Math.round(100 * v) + "%"; }

  function render(root, showErrors) {
    var offer = validate(root, showErrors);
    var out = root.querySelector(".calc-result"), rows = root.querySelector(".calc-schedule tbody");
    if (!offer) {
      out.hidden = true;
      clearTimeout(timers.get(root));
      root.querySelector(".calc-status").textContent = message(root, "invalid");
      if (showErrors === "focus") {
        var first = root.querySelector('[aria-invalid="true"]');
        if (first) first.focus();
      }
      return;
    }
    var res = priceOffer(offer);
    out.hidden = false;
    root.querySelector('[data-out="apr"]').textContent = pct(res.aprByIrr);
    root.querySelector('[data-out="simple"]').textContent = pct(res.simpleAnnualRate);
    root.querySelector('[data-out="cost"]').textContent = yuan(res.totalCost);
    root.querySelector('[data-out="paid"]').textContent = yuan(res.totalPaid);
    root.querySelector('[data-out="received"]').textContent = yuan(res.received);
    var lines = JSON.parse(root.getAttribute("data-lines"));
    // Compared as shown: an APR shown as 24.00% is not above the 24% line.
    var shown = Math.round(10000 * res.aprByIrr) / 10000;
    var above = lines.filter(function (l) { return shown > l.rate; });
    var comma = zh() ? "、" : ", ";
    var space = zh() ? "" : " ";  // Chinese sets no space after its full-width colon or before 元
    root.querySelector('[data-out="lines"]').textContent = above.length
      ? message(root, "above") + space + above.map(function (l) { return linePct(l.rate); }).join(comma)
      : message(root, "below") + space + lines.map(function (l) { return linePct(l.rate); }).join(comma);
    rows.innerHTML = "";
    res.payment.forEach(function (pay, k) {
      var tr = document.createElement("tr");
      [String(k + 1), yuan(pay), yuan(res.interest[k]), yuan(res.fee), yuan(res.principal[k]), yuan(res.balance[k])].forEach(function (text) {
        var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
      });
      rows.appendChild(tr);
    });
    announce(root, message(root, "result") + space + pct(res.aprByIrr) + (zh() ? "；" : "; ") + message(root, "cost") + space +
      yuan(res.totalCost) + space + message(root, "yuan"));
    drawChart(root, res);
  }

  function drawChart(root, res) {
    var holder = root.querySelector(".calc-chart");
    if (!holder || !window.vegaEmbed) return;
    var owed = message(root, "series-balance"), paid = message(root, "series-paid");
    var values = [], cumulative = 0;
    res.payment.forEach(function (pay, k) {
      cumulative += pay;
      values.push({ month: k + 1, series: owed, yuan: res.balance[k] });
      values.push({ month: k + 1, series: paid, yuan: cumulative });
    });
    var spec = {
      description: holder.getAttribute("aria-label"),
      width: "container", height: 220,
      data: { values: values },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "month", type: "quantitative", title: message(root, "axis-month") },
        y: { field: "yuan", type: "quantitative", title: message(root, "axis-yuan"), axis: { format: ",.0f" } },
        color: { field: "series", type: "nominal", title: null, scale: { domain: [owed, paid], range: ["#4e79a7", "#e15759"] } },
      },
    };
    window.vegaEmbed(holder, spec, { renderer: "svg", actions: false }).catch(function () {});
  }

  window.BookCalculator = { priceOffer: priceOffer, aprByIrr: aprByIrr };

  function init() {
    document.querySelectorAll(".offer-calculator").forEach(function (root) {
      var form = root.querySelector("form");
      form.addEventListener("submit", function (e) { e.preventDefault(); render(root, "focus"); });
      form.addEventListener("input", function () { render(root, false); });
      form.addEventListener("change", function () { render(root, true); });
      render(root, true);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
