// Submits the evaluation form as JSON to the link's own endpoint; the token is the last path segment.
(function () {
  var form = document.getElementById('evaluation-form');
  var status = document.getElementById('status');
  var button = document.getElementById('submit');
  var token = window.location.pathname.split('/').pop();
  var metrics = ['revenue', 'sales', 'profitMargin', 'qualityCostRate', 'firstPassYield'];
  // Asked since the reports issue; left empty, they are not sent.
  var optionalMetrics = ['repurchaseRate', 'overseasSales'];

  function show(text, kind) {
    status.textContent = text;
    status.className = kind;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var satisfaction = form.querySelector('input[name="satisfaction"]:checked');
    var effectiveness = form.querySelector('input[name="effectiveness"]:checked');
    var followUp = form.querySelector('input[name="followUpSatisfaction"]:checked');
    var improvements = Array.prototype.map.call(
      form.querySelectorAll('input[name="improvements"]:checked'),
      function (input) {
        return input.value;
      },
    );
    var problemsRaw = form.elements.problemsSolved.value;
    var values = {};
    var complete =
      !!satisfaction && !!effectiveness && !!followUp && problemsRaw !== '' && /^\d+$/.test(problemsRaw);
    metrics.forEach(function (name) {
      var raw = form.elements[name].value;
      if (raw === '' || isNaN(Number(raw))) complete = false;
      values[name] = Number(raw);
    });
    optionalMetrics.forEach(function (name) {
      var raw = form.elements[name].value;
      if (raw === '') return;
      if (isNaN(Number(raw))) complete = false;
      values[name] = Number(raw);
    });
    if (!complete) return show(form.dataset.required, 'error');
    button.disabled = true;
    show(form.dataset.submitting, '');
    fetch('/v1/evaluations/' + encodeURIComponent(token), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        satisfaction: satisfaction.value,
        effectiveness: effectiveness.value,
        followUpSatisfaction: followUp.value,
        improvements: improvements,
        problemsSolved: Number(problemsRaw),
        metrics: values,
      }),
      referrerPolicy: 'no-referrer',
    })
      .then(function (res) {
        return res.json().then(function (body) {
          return { ok: res.ok, body: body };
        });
      })
      .then(function (result) {
        if (result.ok) {
          form.querySelectorAll('fieldset').forEach(function (f) {
            f.disabled = true;
          });
          button.hidden = true;
          return show(form.dataset.success, 'ok');
        }
        var details = (result.body.details || [])
          .map(function (d) {
            return d.field + ' ' + d.message;
          })
          .join('; ');
        button.disabled = false;
        show(form.dataset.error + result.body.message + (details ? ' (' + details + ')' : ''), 'error');
      })
      .catch(function () {
        button.disabled = false;
        show(form.dataset.error + 'network error', 'error');
      });
  });
})();
