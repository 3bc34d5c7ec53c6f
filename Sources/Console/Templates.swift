import Mustache

/// The page's Mustache templates, CSS and script, held in the binary as string literals (nothing read from
/// disk or fetched at run time). `{{x}}` escapes HTML; `{{{x}}}` is used only for markup made here (the SVG
/// map), whose text is escaped when it is made.
enum Templates {
    static func library() throws -> MustacheLibrary {
        var lib = MustacheLibrary()
        for (name, text) in pages { try lib.register(flagged(text), named: name) }
        return lib
    }

    /// `{{#rows.first}}…{{/rows.first}}` (a table's head and foot, shown when the list has rows) becomes
    /// `{{#has_rows}}…{{/has_rows}}`, the flag `Console.render` sets beside every list.
    static func flagged(_ text: String) -> String {
        text.replacingOccurrences(of: #"\{\{([#^/])([A-Za-z]+)\.first\}\}"#, with: "{{$1has_$2}}", options: .regularExpression)
    }

    static let pages: [(String, String)] = [
        ("layout", layout), ("weeks", weeks), ("week", week), ("job", job), ("plan", plan), ("member", member),
        ("compare", compare), ("ledger", ledger), ("message", message), ("login", login),
    ]

    static let layout = """
    <!doctype html>
    <html lang="{{lang}}">
    <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · {{t.app}}</title><link rel="stylesheet" href="/static/console.css"></head>
    <body>
    <header><a class="brand" href="/">{{t.app}}</a>
    <nav><a href="/">{{t.weeks}}</a><a href="/ledger">{{t.ledger}}</a></nav>
    <span class="lang"><a href="?lang=zh" id="lang-zh">中文</a> | <a href="?lang=en" id="lang-en">English</a></span></header>
    <main>
    {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
    {{{content}}}
    </main>
    <script src="/static/console.js"></script>
    </body></html>
    """

    static let weeks = """
    <h1>{{t.weeks}}</h1>
    <section class="card">
    <h2>{{t.newWeek}}</h2>
    <p>{{t.uploadHelp}}</p>
    <form method="post" action="/weeks" enctype="multipart/form-data" class="upload">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="drop" data-drop>{{t.dropHere}}<br><input type="file" name="files" id="files" multiple accept=".csv,.yaml,.yml,.zip,.xlsx"></div>
    <button type="submit" id="upload">{{t.upload}}</button>
    </form>
    {{#last}}
    <form method="post" action="/weeks/{{last}}/copy" enctype="multipart/form-data">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <button type="submit" id="copy-last">{{t.copy}} {{last}}</button> {{t.copyLast}}
    </form>
    {{/last}}
    </section>
    <section class="card">
    {{^rows}}<p>{{t.noWeeks}}</p>{{/rows}}
    {{#rows.first}}
    <table class="sortable" id="weeks"><thead><tr><th>{{t.week}}</th><th>{{t.title}}</th><th>{{t.created}}</th><th>{{t.files}}</th><th>{{t.status}}</th><th>{{t.plans}}</th></tr></thead><tbody>
    {{/rows.first}}
    {{#rows}}<tr><td><a href="/weeks/{{id}}">{{id}}</a></td><td>{{name}}</td><td>{{created}}</td><td>{{files}}</td><td class="{{statusClass}}">{{status}}</td><td>{{#plans}}<a href="/plans/{{.}}">{{.}}</a> {{/plans}}</td></tr>{{/rows}}
    {{#rows.first}}</tbody></table>{{/rows.first}}
    </section>
    """

    static let week = """
    <h1>{{t.week}} {{id}} {{#name}}· {{name}}{{/name}}</h1>
    <p class="meta">{{t.files}}: {{files}}{{#from}} · {{t.from}} {{from}}{{/from}}</p>
    <section class="card" id="check">
    <h2>{{t.check}}</h2>
    {{#ok}}<p class="ok" id="check-ok">{{t.checkOK}} {{counts}}</p>{{/ok}}
    {{#unreadable}}<p class="bad">{{unreadable}}</p>{{/unreadable}}
    {{#errors.first}}<p class="bad">{{t.checkErrors}}</p>{{/errors.first}}
    {{#diagnostics.first}}
    <table class="diagnostics" id="diagnostics"><thead><tr><th>{{t.file}}</th><th>{{t.line}}</th><th>{{t.column}}</th><th>{{t.message}}</th></tr></thead><tbody>
    {{/diagnostics.first}}
    {{#diagnostics}}<tr class="{{severity}}"><td>{{file}}</td><td>{{line}}</td><td>{{column}}</td><td>{{message}}</td></tr>{{/diagnostics}}
    {{#diagnostics.first}}</tbody></table>{{/diagnostics.first}}
    <form method="post" action="/weeks/{{id}}/files" enctype="multipart/form-data" class="upload">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>{{t.addFiles}}: <input type="file" name="files" id="more-files" multiple accept=".csv,.yaml,.yml,.zip,.xlsx"></label>
    <button type="submit" id="add-files">{{t.upload}}</button>
    </form>
    </section>
    <section class="card" id="plan">
    <h2>{{t.plan}}</h2>
    <form method="post" action="/weeks/{{id}}/solve" enctype="multipart/form-data" data-once>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <button type="submit" id="plan-button" {{^ok}}disabled title="{{t.planDisabled}}"{{/ok}}>{{t.planButton}}</button>
    {{^ok}}<span class="bad">{{t.planDisabled}}</span>{{/ok}}
    </form>
    {{#jobs.first}}<h3>{{t.jobs}}</h3><ul>{{/jobs.first}}
    {{#jobs}}<li><a href="/jobs/{{id}}">{{id}}</a> {{kind}} · {{stateText}}{{#plan}} → <a href="/plans/{{plan}}">{{plan}}</a>{{/plan}}{{#error}} · {{error}}{{/error}}</li>{{/jobs}}
    {{#jobs.first}}</ul>{{/jobs.first}}
    {{#plans.first}}<h3>{{t.plans}}</h3><ul id="plans">{{/plans.first}}
    {{#plans}}<li><a href="/plans/{{id}}">{{id}}</a> {{created}}{{#note}} · {{note}}{{/note}}</li>{{/plans}}
    {{#plans.first}}</ul>{{/plans.first}}
    </section>
    """

    static let job = """
    <h1>{{t.job}} {{id}}</h1>
    <section class="card" id="job" data-job="{{id}}">
    <p>{{t.week}} <a href="/weeks/{{week}}">{{week}}</a> · {{kind}}</p>
    <p>{{t.status}}: <strong id="job-state">{{stateText}}</strong></p>
    <p>{{t.phase}}: <span id="job-phase">{{phase}}</span></p>
    <p>{{t.elapsed}}: <span id="job-elapsed">{{elapsed}}</span></p>
    <div class="progress"><div class="bar" id="job-bar"></div></div>
    <p id="job-error" class="bad">{{error}}</p>
    <p id="job-plan">{{#plan}}<a href="/plans/{{plan}}" id="open-plan">{{t.openPlan}} {{plan}}</a>{{/plan}}</p>
    <noscript>{{^finished}}<meta http-equiv="refresh" content="2">{{/finished}}</noscript>
    </section>
    """

    static let plan = """
    <h1>{{t.plan}} {{id}} · {{scenario}}</h1>
    <p class="meta">{{t.week}} <a href="/weeks/{{week}}">{{week}}</a> · {{isoWeek}} · {{status}}{{#from}} · {{t.from}} <a href="/plans/{{from}}">{{from}}</a>{{/from}}{{#verified}} · <span class="ok">{{t.verified}}</span>{{/verified}}</p>
    <nav class="tabs"><a href="#summary">{{t.summary}}</a><a href="#map">{{t.map}}</a><a href="#communities">{{t.byCommunity}}</a><a href="#members">{{t.byMember}}</a><a href="#units">{{t.byUnit}}</a><a href="#unmet">{{t.unmet}}</a><a href="#adjust">{{t.adjust}}</a><a href="#whatif">{{t.whatif}}</a><a href="#out">{{t.out}}</a></nav>
    {{#changes.first}}<section class="card" id="changes"><h2>{{t.changes}}</h2><table class="sortable"><thead><tr><th>{{t.change}}</th><th>{{t.task}}</th><th>{{t.member}}</th><th>{{t.when}}</th><th>{{t.note}}</th></tr></thead><tbody>{{/changes.first}}
    {{#changes}}<tr><td>{{kind}}</td><td>{{task}}</td><td>{{member}}</td><td>{{slots}}</td><td>{{note}}</td></tr>{{/changes}}
    {{#changes.first}}</tbody></table></section>{{/changes.first}}
    {{#compareWith}}<p class="notice"><a href="/plans/{{id}}/compare?with={{compareWith}}" id="compare-link">{{t.compareWith}} {{compareWith}}</a></p>{{/compareWith}}
    <section class="card" id="summary"><h2>{{t.summary}}</h2>
    <p class="kpi"><span>{{t.tasksCovered}} <b id="kpi-covered">{{covered}}</b> / {{tasks}}</span><span>{{t.valueCovered}} <b>{{coveredValue}}</b></span><span>{{t.unmet}} <b>{{unmetCount}}</b></span></p>
    <table><thead><tr><th>{{t.levels}}</th><th>{{t.value}}</th><th>{{t.bound}}</th><th>{{t.gap}}</th></tr></thead><tbody>
    {{#levels}}<tr><td>{{level}}</td><td>{{value}}</td><td>{{bound}}</td><td>{{gap}}</td></tr>{{/levels}}
    </tbody></table></section>
    <section class="card" id="map"><h2>{{t.map}}</h2>{{{mapSVG}}}
    <p class="legend"><span class="dot cov"></span>{{t.legendCovered}} <span class="dot un"></span>{{t.legendUnmet}} <span class="ring"></span>{{t.legendCircle}}</p></section>
    <section class="card" id="grid"><h2>{{t.grid}}</h2><table class="grid"><thead><tr><th></th>{{#gridDays}}<th>{{.}}</th>{{/gridDays}}</tr></thead><tbody>
    {{#gridRows}}<tr><th>{{period}}</th>{{#cells}}<td style="background: rgba(31,111,235,{{alpha}})">{{count}}</td>{{/cells}}</tr>{{/gridRows}}
    </tbody></table></section>
    <section class="card" id="communities"><h2>{{t.byCommunity}}</h2>
    <table class="sortable"><thead><tr><th>{{t.community}}</th><th>{{t.tasks}}</th><th>{{t.covered}}</th><th>{{t.unmet}}</th><th>{{t.valueCovered}}</th></tr></thead><tbody>
    {{#communities}}<tr><td>{{name}}</td><td>{{tasks}}</td><td>{{covered}}</td><td>{{unmet}}</td><td>{{value}}</td></tr>{{/communities}}
    </tbody></table>
    <h3>{{t.assignments}}</h3><input type="search" placeholder="{{t.search}}" data-filter="assignments">
    <table class="sortable" id="assignments"><thead><tr><th>{{t.community}}</th><th>{{t.when}}</th><th>{{t.task}}</th><th>{{t.title}}</th><th>{{t.role}}</th><th>{{t.member}}</th><th>{{t.hours}}</th></tr></thead><tbody>
    {{#assignments}}<tr><td>{{community}}</td><td>{{when}}</td><td>{{task}}</td><td>{{title}}</td><td>{{role}}</td><td><a href="/plans/{{planID}}/members/{{member}}">{{memberName}}</a></td><td>{{hours}}</td></tr>{{/assignments}}
    </tbody></table></section>
    <section class="card" id="members"><h2>{{t.byMember}}</h2><input type="search" placeholder="{{t.search}}" data-filter="member-table">
    <table class="sortable" id="member-table"><thead><tr><th>{{t.member}}</th><th>{{t.unit}}</th><th>{{t.community}}</th><th>{{t.tasks}}</th><th>{{t.hours}}</th></tr></thead><tbody>
    {{#members}}<tr><td><a href="/plans/{{planID}}/members/{{id}}" class="member-link">{{id}} {{name}}</a></td><td>{{unit}}</td><td>{{community}}</td><td>{{tasks}}</td><td>{{hours}}</td></tr>{{/members}}
    </tbody></table></section>
    <section class="card" id="units"><h2>{{t.byUnit}}</h2>
    <table class="sortable"><thead><tr><th>{{t.unit}}</th><th>{{t.pledged}}</th><th>{{t.served}}</th><th>{{t.shortfall}}</th><th></th></tr></thead><tbody>
    {{#units}}<tr><td>{{name}}</td><td>{{pledged}}</td><td>{{served}}</td><td>{{shortfall}}</td><td class="bars"><div class="b pledge" style="width:{{pledgeWidth}}%"></div><div class="b serve" style="width:{{serveWidth}}%"></div></td></tr>{{/units}}
    </tbody></table></section>
    <section class="card" id="unmet"><h2>{{t.unmetTasks}}</h2>
    <table class="sortable"><thead><tr><th>{{t.task}}</th><th>{{t.title}}</th><th>{{t.community}}</th><th>{{t.priority}}</th><th>{{t.value}}</th><th>{{t.reason}}</th></tr></thead><tbody>
    {{#unmet}}<tr><td>{{task}}</td><td>{{title}}</td><td>{{community}}</td><td>{{priority}}</td><td>{{value}}</td><td><b>{{code}}</b> {{reason}}</td></tr>{{/unmet}}
    </tbody></table></section>
    <section class="card" id="adjust"><h2>{{t.adjust}}</h2><p>{{t.adjustHelp}}</p>
    <form method="post" action="/plans/{{id}}/adjust" enctype="multipart/form-data" data-once>
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="pin">
    <b>{{t.pin}}</b> <select name="task" id="pin-task">{{#needOptions}}<option value="{{id}}">{{id}} {{title}}</option>{{/needOptions}}</select>
    <select name="member" id="pin-member">{{#memberOptions}}<option value="{{id}}">{{id}} {{name}}</option>{{/memberOptions}}</select>
    <input name="slot" id="pin-slot" placeholder="{{t.slotOptional}}" size="14"> <button type="submit" id="pin-button">{{t.apply}}</button></form>
    <form method="post" action="/plans/{{id}}/adjust" enctype="multipart/form-data" data-once>
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="drop">
    <b>{{t.dropMember}}</b> <select name="member" id="drop-member">{{#memberOptions}}<option value="{{id}}">{{id}} {{name}}</option>{{/memberOptions}}</select>
    <button type="submit" id="drop-button">{{t.apply}}</button></form>
    <form method="post" action="/plans/{{id}}/adjust" enctype="multipart/form-data" data-once>
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="cancel">
    <b>{{t.cancelTask}}</b> <select name="task" id="cancel-task">{{#taskOptions}}<option value="{{id}}">{{id}} {{title}}</option>{{/taskOptions}}</select>
    <button type="submit" id="cancel-button">{{t.apply}}</button></form>
    </section>
    <section class="card" id="whatif"><h2>{{t.whatif}}</h2><p>{{t.whatifHelp}}</p>
    <form method="post" action="/plans/{{id}}/whatif" enctype="multipart/form-data" data-once>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <p><label>{{t.removeUnit}} <select name="remove_unit" id="whatif-unit"><option value=""></option>{{#unitOptions}}<option value="{{id}}">{{id}} {{name}}</option>{{/unitOptions}}</select></label></p>
    <p><label>{{t.scaleCategory}} <select name="category" id="whatif-category"><option value=""></option>{{#categoryOptions}}<option>{{.}}</option>{{/categoryOptions}}</select></label>
    <label>{{t.factor}} <input name="factor" id="whatif-factor" size="5" placeholder="1.3"></label></p>
    <p><label>{{t.addMembers}} <input type="file" name="members" accept=".csv"></label></p>
    <button type="submit" id="whatif-button">{{t.runWhatif}}</button></form></section>
    <section class="card" id="out"><h2>{{t.out}}</h2>
    <p class="downloads">{{#exports}}<a href="/plans/{{planID}}/export?format={{format}}" id="export-{{format}}" download>{{label}}</a> {{/exports}}</p>
    <form method="post" action="/plans/{{id}}/accept" enctype="multipart/form-data">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label><input type="checkbox" name="replace" value="1"> {{t.replace}}</label>
    <button type="submit" id="accept-button">{{t.accept}}</button></form>
    <p><a href="/ledger">{{t.balances}}</a></p></section>
    """

    static let member = """
    <h1>{{id}} {{name}}{{t.memberWeek}}</h1>
    <p class="meta">{{t.unit}} {{unit}} · {{t.community}} {{community}} · {{t.hours}} {{hours}} · <a href="/plans/{{planID}}">{{t.back}} {{planID}}</a></p>
    <section class="card">
    {{^rows}}<p>{{t.noAssignments}}</p>{{/rows}}
    <table id="member-week"><thead><tr><th>{{t.when}}</th><th>{{t.task}}</th><th>{{t.title}}</th><th>{{t.community}}</th><th>{{t.role}}</th><th>{{t.hours}}</th><th>{{t.travel}}</th></tr></thead><tbody>
    {{#rows}}<tr><td>{{when}}</td><td>{{task}}</td><td>{{title}}</td><td>{{community}}</td><td>{{role}}</td><td>{{hours}}</td><td>{{travel}}</td></tr>{{/rows}}
    </tbody></table></section>
    """

    static let compare = """
    <h1>{{t.compare}}: {{a}} · {{b}}</h1>
    <section class="card"><table id="compare"><thead><tr><th>{{t.kpi}}</th><th><a href="/plans/{{a}}">{{a}}</a></th><th><a href="/plans/{{b}}">{{b}}</a></th></tr></thead><tbody>
    {{#rows}}<tr class="{{#differs}}differs{{/differs}}"><td>{{label}}</td>{{#values}}<td>{{.}}</td>{{/values}}</tr>{{/rows}}
    </tbody></table></section>
    """

    static let ledger = """
    <h1>{{t.ledger}}</h1>
    <section class="card">
    {{^weeks.first}}<p>{{t.noLedger}}</p>{{/weeks.first}}
    {{#weeks.first}}<p>{{t.acceptedWeeks}}: {{/weeks.first}}{{#weeks}}{{.}} {{/weeks}}{{#weeks.first}}</p>{{/weeks.first}}
    <h2>{{t.balances}}</h2>
    <table class="sortable" id="balances"><thead><tr><th>{{t.member}}</th><th>{{t.unit}}</th><th>{{t.hours}}</th><th>{{t.services}}</th></tr></thead><tbody>
    {{#members}}<tr><td>{{id}} {{name}}</td><td>{{unit}}</td><td>{{hours}}</td><td>{{services}}</td></tr>{{/members}}
    </tbody></table></section>
    """

    static let message = """
    <h1>{{heading}}</h1><section class="card"><p>{{text}}</p><p><a href="{{back}}">{{t.back}}</a></p></section>
    """

    static let login = """
    <h1>{{t.login}}</h1><section class="card"><form method="get" action="/"><label>{{t.token}} <input type="password" name="token" id="token"></label> <button type="submit">{{t.enter}}</button></form></section>
    """

    static let css = """
    body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
    header{background:#b3261e;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
    header a{color:#fff;text-decoration:none}.brand{font-weight:bold}nav a{margin-right:1em}.lang{margin-left:auto}
    main{max-width:1200px;margin:0 auto;padding:1em}
    .card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.8em 1.2em;margin:1em 0}
    table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border-bottom:1px solid #e5e7eb;padding:.3em .5em;text-align:left}
    th{background:#f0f2f5;cursor:default}table.sortable th{cursor:pointer}
    .ok{color:#137333}.bad{color:#b3261e}tr.error td{background:#fdecea}tr.warning td{background:#fff8e1}
    .drop{border:2px dashed #9aa4b2;border-radius:6px;padding:1.2em;text-align:center;margin:.5em 0}.drop.over{background:#eef4ff}
    .progress{background:#e5e7eb;height:10px;border-radius:5px;overflow:hidden}.bar{background:#1f6feb;height:100%;width:0;transition:width .5s}
    .kpi span{margin-right:2em}.tabs a{margin-right:1em}.meta{color:#555}.notice{background:#e8f0fe;padding:.5em 1em;border-radius:4px}
    .bars{width:30%}.b{height:7px;margin:2px 0;border-radius:3px}.pledge{background:#9aa4b2}.serve{background:#1f6feb}
    .dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin:0 .3em 0 1em}.cov{background:#137333}.un{background:#b3261e}
    .ring{display:inline-block;width:10px;height:10px;border-radius:6px;border:1px dashed #1f6feb;margin:0 .3em 0 1em}
    table.grid td{text-align:center}tr.differs td{font-weight:bold}
    input[type=search]{margin:.4em 0;padding:.3em;width:20em}button{padding:.35em 1em}form{margin:.5em 0}
    @media print{header,nav.tabs,form,input{display:none}.card{border:none}}
    """

    static let script = """
    (function () {
      'use strict';
      function $(s, r) { return (r || document).querySelector(s); }
      function $$(s, r) { return Array.prototype.slice.call((r || document).querySelectorAll(s)); }
      // Drag and drop onto the upload box puts the files in its input.
      $$('[data-drop]').forEach(function (zone) {
        var input = $('input[type=file]', zone);
        zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
        zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
        zone.addEventListener('drop', function (e) {
          e.preventDefault(); zone.classList.remove('over');
          if (input && e.dataTransfer && e.dataTransfer.files) { input.files = e.dataTransfer.files; }
        });
      });
      // A form that starts work is sent once: a second click does nothing.
      $$('form[data-once]').forEach(function (f) {
        f.addEventListener('submit', function (e) {
          if (f.dataset.sent) { e.preventDefault(); return; }
          f.dataset.sent = '1';
          $$('button', f).forEach(function (b) { b.disabled = true; });
        });
      });
      // Search boxes filter the rows of their table.
      $$('input[data-filter]').forEach(function (box) {
        var table = document.getElementById(box.getAttribute('data-filter'));
        if (!table) { return; }
        box.addEventListener('input', function () {
          var q = box.value.toLowerCase();
          $$('tbody tr', table).forEach(function (tr) { tr.style.display = tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none'; });
        });
      });
      // Clicking a column head sorts the table by it (numbers as numbers).
      $$('table.sortable').forEach(function (table) {
        $$('thead th', table).forEach(function (th, i) {
          th.addEventListener('click', function () {
            var body = table.tBodies[0], rows = $$('tr', body), asc = th.dataset.asc !== '1';
            th.dataset.asc = asc ? '1' : '0';
            rows.sort(function (a, b) {
              var x = a.cells[i] ? a.cells[i].textContent.trim() : '', y = b.cells[i] ? b.cells[i].textContent.trim() : '';
              var nx = parseFloat(x), ny = parseFloat(y);
              var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
              return asc ? c : -c;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
      });
      // A job's page follows its progress and opens the plan when it is done.
      var job = $('[data-job]');
      if (job && window.fetch) {
        var id = job.getAttribute('data-job'), ticks = 0;
        var poll = function () {
          fetch('/api/v1/jobs/' + encodeURIComponent(id), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (j) {
            $('#job-state').textContent = j.state_text || j.state;
            $('#job-phase').textContent = (j.progress && j.progress.phase) || '';
            $('#job-elapsed').textContent = j.progress ? String(Math.round(j.progress.elapsed_seconds)) : '';
            ticks += 1;
            $('#job-bar').style.width = (j.state === 'done' ? 100 : Math.min(95, 10 + ticks * 3)) + '%';
            if (j.state === 'done' && j.plan) { window.location.href = '/plans/' + encodeURIComponent(j.plan); return; }
            if (j.state === 'failed') { $('#job-error').textContent = j.error || ''; return; }
            setTimeout(poll, 700);
          }).catch(function () { setTimeout(poll, 2000); });
        };
        poll();
      }
    })();
    """
}
