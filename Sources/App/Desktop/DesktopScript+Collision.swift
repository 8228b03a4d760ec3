extension DesktopAssets {
    /// The desktop script, part of `script`: the collision guard. While the agent types, Parley is told every few
    /// seconds; the composer says when someone else is writing in the same conversation or on the same post.
    static let scriptCollision = #"""
  // ---------------------------------------------------------------------------------------------
  // Collision guard

  function composingInput(conv) {
    if (!S.live || now() - (conv.composingAt || 0) < 4000) return;
    conv.composingAt = now();
    api('PUT', path('interactions', conv.id, 'composing')).catch(function () {});
  }

  function stopComposing(conv) {
    if (!conv || !conv.composingAt) return;
    conv.composingAt = 0;
    api('DELETE', path('interactions', conv.id, 'composing')).catch(function () {});
  }

  async function checkCollisions(conv) {
    if (!conv || conv.collisionLoading) return;
    conv.collisionLoading = true;
    conv.collisionAt = now();
    try {
      conv.collisions = (await api('GET', path('interactions', conv.id, 'composing'))).others;
    } catch (e) {
      conv.collisions = [];
    } finally {
      conv.collisionLoading = false;
    }
    if (S.selected === conv.id) renderCollisions(conv);
  }

  // "Bob Backup is also writing in this conversation." / "Sue is replying to another comment on this post."
  function renderCollisions(conv) {
    var node = $('collision');
    var others = (conv && conv.collisions) || [];
    node.hidden = !others.length;
    if (!others.length) { setText(node, ''); return; }
    var here = others.filter(function (o) { return o.sameConversation; }).map(function (o) { return o.name; });
    var near = others.filter(function (o) { return !o.sameConversation; }).map(function (o) { return o.name; });
    var parts = [];
    if (here.length) parts.push(here.join(', ') + (here.length === 1 ? ' is' : ' are') + ' also writing in this conversation.');
    if (near.length) parts.push(near.join(', ') + (near.length === 1 ? ' is' : ' are') + ' replying to another comment on this post.');
    setText(node, parts.join(' '));
  }
"""#
}
