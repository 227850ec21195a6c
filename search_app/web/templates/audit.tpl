% rebase('base.tpl', title='审计日志', section='audit')
<h1>审计日志</h1>
<p class="hint">记录检索、查看、下载、导出、登录（含失败）和账号变更；共 {{total}} 条符合条件的记录。</p>
<form class="audit-filter" action="/admin/audit" method="get">
  <label>账号 <input name="user" value="{{form['user']}}" maxlength="64"></label>
  <label>操作
    <select name="action">
      <option value="">全部</option>
      % for key, label in actions.items():
      <option value="{{key}}" {{'selected' if form['action'] == key else ''}}>{{label}}</option>
      % end
    </select>
  </label>
  <label>起 <input name="from" type="date" value="{{form['from']}}"></label>
  <label>止 <input name="to" type="date" value="{{form['to']}}"></label>
  <button type="submit">筛选</button>
  <a href="{{csv_url}}">导出 CSV</a> <a href="{{xlsx_url}}">导出 Excel</a>
</form>
<table class="audit">
  <thead><tr><th>时间</th><th>账号</th><th>操作</th><th>对象</th><th>查询</th><th>条数</th><th>地址</th><th>说明</th></tr></thead>
  <tbody>
  % for event in events:
  <tr>
    <td>{{event.at[:19].replace('T', ' ')}}</td>
    <td>{{event.actor or '（未登录）'}}</td>
    <td>{{actions.get(event.action, event.action)}}</td>
    <td>{{event.target or ''}}</td>
    <td class="query">{{event.query or ''}}</td>
    <td>{{'' if event.rows is None else event.rows}}</td>
    <td>{{event.address or ''}}</td>
    <td>{{event.detail or ''}}</td>
  </tr>
  % end
  </tbody>
</table>
% include('_pager.tpl', pager=pager, links=links)
