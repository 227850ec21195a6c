% rebase('base.tpl', title='登录')
<section class="signin">
  <h1>登录简报检索</h1>
  % if error:
  <p class="notice error" role="alert">{{error}}</p>
  % end
  % if guarded:
  <form class="signin-form" action="/login" method="post">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="next" value="{{next}}">
    <label for="signin-name">账号</label>
    <input id="signin-name" name="name" autocomplete="username" required maxlength="64" autofocus>
    <label for="signin-password">密码</label>
    <input id="signin-password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    <button type="submit">登录</button>
  </form>
  <p class="hint">未登录时只能看到公开的文档。忘记密码请联系管理员（jianbao users passwd 账号）。</p>
  % if proxy:
  <p class="hint">本单位已开通统一身份认证：从单位门户进入即已登录。</p>
  % end
  % else:
  <p class="notice">本服务未配置账号，仅在本机开放，无需登录。管理员可用 jianbao users add 添加账号。</p>
  % end
</section>
