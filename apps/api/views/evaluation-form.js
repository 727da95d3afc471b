// Submits the evaluation form as JSON to the link's own endpoint; the token is the last path segment.
(function () {
  var form = document.getElementById('evaluation-form');
  var status = document.getElementById('status');
  var button = document.getElementById('submit');
  var token = window.location.pathname.split('/').pop();
  var metrics = ['revenue', 'sales', 'profitMargin', 'qualityCostRate', 'firstPassYield'];

  function show(text, kind) {
    status.textContent = text;
    status.className = kind;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var satisfaction = form.querySelector('input[name="satisfaction"]:checked');
    var effectiveness = form.querySelector('input[name="effectiveness"]:checked');
    var values = {};
    var complete = !!satisfaction && !!effectiveness;
    metrics.forEach(function (name) {
      var raw = form.elements[name].value;
      if (raw === '' || isNaN(Number(raw))) complete = false;
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
