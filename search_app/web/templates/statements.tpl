% rebase('base.tpl', title='表态台账', section='statements')
<h1>表态台账</h1>
<p class="hint">领导的指示（强调、指出、要求……）与各单位的承诺（表态、确保、力争……）。承诺的状态：未到期、已到期（有后续报道）、逾期（过了时限仍无后续报道）、无期限（没有时限）。</p>
<form class="ledger-filter" action="/statements" method="get">
  <label>关键词 <input name="q" type="search" value="{{form['q']}}" placeholder="如：犬只"></label>
  <label>单位 <input name="unit" list="unit-names" value="{{form['unit']}}" placeholder="全部单位"></label>
  <datalist id="unit-names">
  % for unit_name in unit_names:
    <option value="{{unit_name}}">
  % end
  </datalist>
  <label>类型 <select name="type">
    <option value="">全部</option>
    % for key, label in statement_types.items():
    <option value="{{key}}" {{'selected' if form['type'] == key else ''}}>{{label}}</option>
    % end
  </select></label>
  <label>状态 <select name="status">
    <option value="">全部</option>
    % for status in statuses:
    <option value="{{status}}" {{'selected' if form['status'] == status else ''}}>{{status}}</option>
    % end
  </select></label>
  <label>从 <input type="date" name="from" value="{{form['from']}}"></label>
  <label>到 <input type="date" name="to" value="{{form['to']}}"></label>
  <label>排序 <select name="sort">
    % for key, label in sorts.items():
    <option value="{{key}}" {{'selected' if (form['sort'] or 'date') == key else ''}}>{{label}}</option>
    % end
  </select></label>
  % if form['as_of']:
  <input type="hidden" name="as_of" value="{{form['as_of']}}">
  % end
  <button type="submit">筛选</button>
  <a href="/statements">重置</a>
</form>
% if error:
<p class="notice error" role="alert">{{error}}</p>
% else:
% if result.get('notice'):
<p class="notice" role="status">{{result['notice']}}</p>
% end
<div class="summary">
  <p class="total">共 <strong>{{result['total']}}</strong> 条表态（状态截至 {{result['as_of']}}）</p>
  % if form['unit']:
  <div class="tools">
    <a class="scorecard" href="{{unit_url(form['unit'])}}/commitments">{{form['unit']}} 承诺记分卡</a>
  </div>
  % end
</div>
% include('_formats.tpl', json_url=links.at('/api/statements'), files=links.as_file, word=True)
% if result['statements']:
<div class="table-wrap">
<table class="ledger cards">
  <thead><tr><th>日期</th><th>类型</th><th>讲话人</th><th>单位</th><th>内容</th><th>目标与时限</th><th>到期日</th><th>状态</th><th>出处</th></tr></thead>
  <tbody>
  % for item in result['statements']:
    % include('_statement_row.tpl', item=item)
  % end
  </tbody>
</table>
</div>
% include('_pager.tpl')
% else:
<p class="notice">没有符合条件的表态。<a href="/statements">查看全部</a></p>
% end
% end
