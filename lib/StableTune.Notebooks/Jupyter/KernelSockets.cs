using NetMQ;
using NetMQ.Sockets;

namespace StableTune.Notebooks.Jupyter;

/// <summary>The five Jupyter channels.</summary>
public enum JupyterChannel { Shell, Control, Stdin, IoPub }

/// <summary>
/// The ZeroMQ side of a kernel: ROUTER sockets for shell, control and stdin, PUB for iopub, REP for the heartbeat.
/// One poller thread owns the message sockets (NetMQ sockets are not thread-safe); other threads send through a queue.
/// The heartbeat echoes on its own thread, so it keeps answering while a cell runs.
/// </summary>
sealed class KernelSockets : IDisposable
{
    readonly WireCodec _codec;
    readonly Action<string> _log;
    readonly RouterSocket _shell = new(), _control = new(), _stdin = new();
    readonly PublisherSocket _iopub = new();
    readonly NetMQQueue<Outgoing> _outgoing = new();
    readonly NetMQPoller _poller;
    readonly Thread _heartbeat;
    readonly string _heartbeatEndpoint;
    volatile bool _stopping;

    /// <summary>Called on the poller thread for every well-formed, correctly signed message received.</summary>
    public event Action<JupyterChannel, JupyterMessage>? Received;

    public KernelSockets(ConnectionInfo info, WireCodec codec, Action<string> log)
    {
        _codec = codec;
        _log = log;
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub })
            socket.Options.Linger = TimeSpan.FromSeconds(1); // let the last replies out on shutdown
        _shell.Bind(info.Endpoint(info.ShellPort));
        _control.Bind(info.Endpoint(info.ControlPort));
        _stdin.Bind(info.Endpoint(info.StdinPort));
        _iopub.Bind(info.Endpoint(info.IopubPort));
        _heartbeatEndpoint = info.Endpoint(info.HeartbeatPort);

        _shell.ReceiveReady += (_, e) => Receive(JupyterChannel.Shell, e.Socket);
        _control.ReceiveReady += (_, e) => Receive(JupyterChannel.Control, e.Socket);
        _stdin.ReceiveReady += (_, e) => Receive(JupyterChannel.Stdin, e.Socket);
        _outgoing.ReceiveReady += (_, e) => Flush(e.Queue);
        _poller = [_shell, _control, _stdin, _outgoing];

        using var bound = new ManualResetEventSlim();
        _heartbeat = new Thread(() => Heartbeat(bound)) { IsBackground = true, Name = "jupyter-heartbeat" };
        _heartbeat.Start();
        bound.Wait();
    }

    /// <summary>Queues <paramref name="message"/> for sending on <paramref name="channel"/>; safe from any thread.</summary>
    public void Send(JupyterChannel channel, JupyterMessage message) => _outgoing.Enqueue(new Outgoing(channel, message));

    /// <summary>Runs the poller on the calling thread until <see cref="Stop"/>.</summary>
    public void Run() => _poller.Run();

    /// <summary>Stops after every message queued so far has been sent.</summary>
    public void Stop() => _outgoing.Enqueue(new Outgoing(null, null));

    void Receive(JupyterChannel channel, NetMQSocket socket)
    {
        var frames = new List<byte[]>();
        while (socket.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames))
        {
            JupyterMessage message;
            try
            {
                message = _codec.Decode(frames);
            }
            catch (InvalidMessageException e)
            {
                _log($"rejected a message on {channel.ToString().ToLowerInvariant()}: {e.Message}");
                frames = [];
                continue;
            }
            frames = []; // the message keeps the received frames; receive the next one into a new list
            try
            {
                Received?.Invoke(channel, message);
            }
            catch (Exception e)
            {
                _log($"error while handling {message.Type} on {channel.ToString().ToLowerInvariant()}: {e}");
            }
        }
    }

    void Flush(NetMQQueue<Outgoing> queue)
    {
        while (queue.TryDequeue(out var item, TimeSpan.Zero))
        {
            if (item.Message is null)
            {
                _stopping = true;
                _poller.StopAsync();
                return;
            }
            NetMQSocket socket = item.Channel switch
            {
                JupyterChannel.Shell => _shell,
                JupyterChannel.Control => _control,
                JupyterChannel.Stdin => _stdin,
                _ => _iopub,
            };
            socket.SendMultipartBytes(_codec.Encode(item.Message));
        }
    }

    void Heartbeat(ManualResetEventSlim bound)
    {
        using var heartbeat = new ResponseSocket();
        heartbeat.Options.Linger = TimeSpan.Zero;
        heartbeat.Bind(_heartbeatEndpoint);
        bound.Set();
        while (!_stopping)
        {
            // REP: every ping must be answered before the next receive; echo it unchanged.
            var ping = new List<byte[]>();
            if (heartbeat.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref ping))
                heartbeat.SendMultipartBytes(ping);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_poller.IsRunning) _poller.Stop();
        _heartbeat.Join(TimeSpan.FromSeconds(2));
        _poller.Dispose();
        _outgoing.Dispose();
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub }) socket.Dispose();
    }

    readonly record struct Outgoing(JupyterChannel? Channel, JupyterMessage? Message);
}
